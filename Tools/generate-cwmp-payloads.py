#!/usr/bin/env python3
"""Generate large, deterministic CWMP payloads for Ferrule's parser benchmarks.

Usage:
    python3 Tools/generate-cwmp-payloads.py OUTDIR [--seed N]

Writes into OUTDIR:
    gpv-5000.xml        GetParameterValuesResponse, exactly 5000 ParameterValueStructs
    gpn-5000.xml        GetParameterNamesResponse, exactly 5000 ParameterInfoStructs
                        (object paths end in '.')
    inform-typical.xml  Inform of about 3 KB with 2 events and 20 parameters

Python 3 standard library only. The output is byte-for-byte identical for a
given seed (default 20240318): no clock, no hash ordering, no locale.
Parameter names come from the TR-181 data model (Device:2); values are
synthetic. Layout follows what real CPEs send: SOAP-ENV / SOAP-ENC / xsd /
xsi / cwmp prefixes, 2-space indentation, LF line ends.
"""

import argparse
import os
import random
import sys
from xml.sax.saxutils import escape

DEFAULT_SEED = 20240318
TOTAL = 5000

S, U, B, I, D, UL = ("xsd:string", "xsd:unsignedInt", "xsd:boolean", "xsd:int",
                     "xsd:dateTime", "xsd:unsignedLong")

# (relative parameter name, xsi:type, writable, value kind)
HOST = [
    ("Alias", S, True, "alias"),
    ("PhysAddress", S, False, "mac"),
    ("IPAddress", S, False, "lanip"),
    ("AddressSource", S, False, "addrsrc"),
    ("DHCPClient", S, False, "dhcpref"),
    ("LeaseTimeRemaining", I, False, "lease"),
    ("Layer1Interface", S, False, "l1if"),
    ("Layer3Interface", S, False, "l3if"),
    ("InterfaceType", S, False, "iftype"),
    ("VendorClassID", S, False, "vendorclass"),
    ("HostName", S, False, "hostname"),
    ("Active", B, False, "bool"),
    ("ActiveLastChange", D, False, "date"),
    ("IPv4AddressNumberOfEntries", U, False, "one"),
    ("IPv6AddressNumberOfEntries", U, False, "small"),
]
ASSOC = [
    ("MACAddress", S, False, "mac"),
    ("AuthenticationState", B, False, "bool"),
    ("LastDataDownlinkRate", U, False, "rate"),
    ("LastDataUplinkRate", U, False, "rate"),
    ("SignalStrength", I, False, "rssi"),
    ("Retransmissions", U, False, "counter"),
    ("Active", B, False, "bool"),
]
RADIO = [
    ("Enable", B, True, "true"),
    ("Status", S, False, "up"),
    ("Alias", S, True, "alias"),
    ("Name", S, False, "ifname"),
    ("LastChange", U, False, "counter"),
    ("LowerLayers", S, True, "empty"),
    ("Upstream", B, False, "false"),
    ("MaxBitRate", U, False, "rate"),
    ("SupportedFrequencyBands", S, False, "band"),
    ("OperatingFrequencyBand", S, True, "band"),
    ("SupportedStandards", S, False, "standards"),
    ("OperatingStandards", S, True, "standards"),
    ("PossibleChannels", S, False, "channels"),
    ("Channel", U, True, "channel"),
    ("AutoChannelSupported", B, False, "true"),
    ("AutoChannelEnable", B, True, "bool"),
    ("OperatingChannelBandwidth", S, True, "bandwidth"),
    ("TransmitPower", I, True, "txpower"),
    ("RegulatoryDomain", S, True, "regdomain"),
]
SSID = [
    ("Enable", B, True, "bool"),
    ("Status", S, False, "up"),
    ("Alias", S, True, "alias"),
    ("Name", S, False, "ifname"),
    ("LastChange", U, False, "counter"),
    ("LowerLayers", S, True, "radioref"),
    ("BSSID", S, False, "mac"),
    ("MACAddress", S, False, "mac"),
    ("SSID", S, True, "ssid"),
    ("Stats.BytesSent", UL, False, "bigcounter"),
    ("Stats.BytesReceived", UL, False, "bigcounter"),
    ("Stats.PacketsSent", UL, False, "bigcounter"),
    ("Stats.PacketsReceived", UL, False, "bigcounter"),
    ("Stats.ErrorsSent", U, False, "counter"),
    ("Stats.ErrorsReceived", U, False, "counter"),
]
AP = [
    ("Enable", B, True, "bool"),
    ("Status", S, False, "enabled"),
    ("Alias", S, True, "alias"),
    ("SSIDReference", S, True, "ssidref"),
    ("SSIDAdvertisementEnabled", B, True, "bool"),
    ("WMMEnable", B, True, "true"),
    ("AssociatedDeviceNumberOfEntries", U, False, "small"),
    ("MaxAssociatedDevices", U, True, "maxassoc"),
    ("IsolationEnable", B, True, "false"),
    ("Security.ModesSupported", S, False, "modes"),
    ("Security.ModeEnabled", S, True, "mode"),
    ("Security.KeyPassphrase", S, True, "empty"),
    ("Security.RekeyingInterval", U, True, "rekey"),
]
ETH = [
    ("Enable", B, True, "bool"),
    ("Status", S, False, "updown"),
    ("Alias", S, True, "alias"),
    ("Name", S, False, "ethname"),
    ("LastChange", U, False, "counter"),
    ("Upstream", B, False, "false"),
    ("MACAddress", S, False, "mac"),
    ("MaxBitRate", I, True, "ethrate"),
    ("CurrentBitRate", U, False, "ethrate"),
    ("DuplexMode", S, True, "duplex"),
    ("Stats.BytesSent", UL, False, "bigcounter"),
    ("Stats.BytesReceived", UL, False, "bigcounter"),
]
PORTMAP = [
    ("Enable", B, True, "bool"),
    ("Status", S, False, "enabled"),
    ("Alias", S, True, "alias"),
    ("Interface", S, True, "wanif"),
    ("AllInterfaces", B, True, "false"),
    ("LeaseDuration", U, True, "zero"),
    ("RemoteHost", S, True, "empty"),
    ("ExternalPort", U, True, "port"),
    ("ExternalPortEndRange", U, True, "zero"),
    ("InternalPort", U, True, "port"),
    ("Protocol", S, True, "proto"),
    ("InternalClient", S, True, "lanip"),
    ("Description", S, True, "pmdesc"),
]
STATIC = [
    ("Enable", B, True, "true"),
    ("Alias", S, True, "alias"),
    ("Chaddr", S, True, "mac"),
    ("Yiaddr", S, True, "lanip"),
]
HEAD = [
    ("Device.RootDataModelVersion", S, False, "v2.15"),
    ("Device.DeviceInfo.Manufacturer", S, False, "manu"),
    ("Device.DeviceInfo.ManufacturerOUI", S, False, "oui"),
    ("Device.DeviceInfo.ModelName", S, False, "model"),
    ("Device.DeviceInfo.Description", S, False, "desc"),
    ("Device.DeviceInfo.ProductClass", S, False, "model"),
    ("Device.DeviceInfo.SerialNumber", S, False, "serial"),
    ("Device.DeviceInfo.HardwareVersion", S, False, "hwver"),
    ("Device.DeviceInfo.SoftwareVersion", S, False, "swver"),
    ("Device.DeviceInfo.ProvisioningCode", S, True, "empty"),
    ("Device.DeviceInfo.UpTime", U, False, "counter"),
    ("Device.DeviceInfo.FirstUseDate", D, False, "date"),
    ("Device.ManagementServer.EnableCWMP", B, True, "true"),
    ("Device.ManagementServer.URL", S, True, "acsurl"),
    ("Device.ManagementServer.Username", S, True, "serial"),
    ("Device.ManagementServer.Password", S, True, "empty"),
    ("Device.ManagementServer.PeriodicInformEnable", B, True, "true"),
    ("Device.ManagementServer.PeriodicInformInterval", U, True, "interval"),
    ("Device.ManagementServer.PeriodicInformTime", D, True, "date"),
    ("Device.ManagementServer.ParameterKey", S, False, "paramkey"),
    ("Device.ManagementServer.ConnectionRequestURL", S, False, "crurl"),
    ("Device.ManagementServer.ConnectionRequestUsername", S, True, "serial"),
    ("Device.ManagementServer.ConnectionRequestPassword", S, True, "empty"),
    ("Device.ManagementServer.UpgradesManaged", B, True, "false"),
    ("Device.Hosts.HostNumberOfEntries", U, False, "hostcount"),
]

HOSTNAMES = ["android-3f9c2e1d7a6b", "iPhone", "Galaxy-S23", "LivingRoom-TV", "DESKTOP-7Q2K9LM",
             "MacBook-Pro", "printer-hp-m283", "echo-dot", "nest-thermostat", "ps5",
             "Chromecast", "raspberrypi", "NAS-DS920", "laptop-ana", "ipad-kids", ""]
VENDORCLASS = ["android-dhcp-13", "MSFT 5.0", "dhcpcd-9.4.1:Linux-6.1.21:aarch64", "", "udhcp 1.36.1"]
SSIDS = ["Home-2G", "Home-5G", "Guest", "IoT", "Home-6G", "Backhaul-7F3A", "Office Wi-Fi", "Cafe & Bar"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.hosts = 0

    def mac(self):
        return ":".join("%02X" % self.r.randrange(256) for _ in range(6))

    def date(self):
        # 2023-01-01 .. 2024-03-18, whole seconds, UTC
        t = 1672531200 + self.r.randrange(0, 38102400)
        days, rem = divmod(t, 86400)
        h, rem = divmod(rem, 3600)
        m, s = divmod(rem, 60)
        y, mo, d = civil_from_days(days)
        return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (y, mo, d, h, m, s)

    def value(self, kind, ctx):
        r = self.r
        simple = {
            "empty": "", "true": "true", "false": "false", "one": "1", "zero": "0", "up": "Up",
            "enabled": "Enabled", "v2.15": "2.15", "manu": "ACME Broadband", "oui": "00AC4D",
            "model": "HGW-4000", "desc": "ACME HGW-4000 XGS-PON gateway",
            "serial": "ACME4000A1B2C3", "hwver": "HGW-4000 rev.B", "swver": "4.2.7-build1187",
            "acsurl": "https://acs.isp.example:7548/", "interval": "3600",
            "paramkey": "cfg-20240318-01", "crurl": "http://100.64.18.23:7547/cr/a1b2c3",
            "modes": "None,WPA2-Personal,WPA3-Personal",
            "standards": "a,n,ac,ax", "regdomain": "DE ", "duplex": "Auto",
        }
        if kind in simple:
            return simple[kind]
        if kind == "mac":
            return self.mac()
        if kind == "lanip":
            return "192.168.%d.%d" % (r.randrange(0, 4), r.randrange(2, 254))
        if kind == "addrsrc":
            return r.choice(["DHCP", "DHCP", "DHCP", "Static", "AutoIP"])
        if kind == "dhcpref":
            return "Device.DHCPv4.Server.Pool.1.Client.%d" % ctx
        if kind == "lease":
            return str(r.choice([-1, r.randrange(0, 86400)]))
        if kind == "l1if":
            return r.choice(["Device.WiFi.SSID.1", "Device.WiFi.SSID.2", "Device.Ethernet.Interface.1",
                             "Device.Ethernet.Interface.3"])
        if kind == "l3if":
            return "Device.IP.Interface.1"
        if kind == "iftype":
            return r.choice(["Wi-Fi", "Ethernet", "Wi-Fi", "Other"])
        if kind == "vendorclass":
            return r.choice(VENDORCLASS)
        if kind == "hostname":
            return r.choice(HOSTNAMES)
        if kind == "bool":
            return r.choice(["true", "false", "1", "0"])
        if kind == "date":
            return self.date()
        if kind == "small":
            return str(r.randrange(0, 4))
        if kind == "rate":
            return str(r.choice([6500, 72200, 144400, 286800, 573500, 866700, 1200950, 2401960]))
        if kind == "rssi":
            return str(-r.randrange(30, 91))
        if kind == "counter":
            return str(r.randrange(0, 4294967295))
        if kind == "bigcounter":
            return str(r.randrange(0, 2 ** 44))
        if kind == "alias":
            return "cpe-%s-%d" % (ctx[0], ctx[1]) if isinstance(ctx, tuple) else "cpe-%d" % ctx
        if kind == "ifname":
            return "wl%d" % (ctx - 1)
        if kind == "band":
            return ["2.4GHz", "5GHz", "6GHz"][(ctx - 1) % 3]
        if kind == "channels":
            return ["1,2,3,4,5,6,7,8,9,10,11,12,13", "36,40,44,48,52,56,60,64,100-140",
                    "1-233"][(ctx - 1) % 3]
        if kind == "channel":
            return str([r.choice([1, 6, 11]), r.choice([36, 44, 100, 116]), r.choice([5, 37, 69])][(ctx - 1) % 3])
        if kind == "bandwidth":
            return ["20MHz", "80MHz", "160MHz"][(ctx - 1) % 3]
        if kind == "txpower":
            return str(r.choice([-1, 25, 50, 75, 100]))
        if kind == "radioref":
            return "Device.WiFi.Radio.%d" % ((ctx - 1) % 3 + 1)
        if kind == "ssid":
            return SSIDS[(ctx - 1) % len(SSIDS)]
        if kind == "ssidref":
            return "Device.WiFi.SSID.%d" % ctx
        if kind == "maxassoc":
            return str(r.choice([32, 64, 128]))
        if kind == "mode":
            return r.choice(["WPA2-Personal", "WPA2-WPA3-Personal", "WPA3-Personal", "None"])
        if kind == "rekey":
            return "3600"
        if kind == "updown":
            return r.choice(["Up", "Down", "NotPresent"])
        if kind == "ethname":
            return "eth%d" % (ctx - 1)
        if kind == "ethrate":
            return str(r.choice([-1, 100, 1000, 2500, 10000]))
        if kind == "wanif":
            return "Device.IP.Interface.2"
        if kind == "port":
            return str(r.randrange(1024, 65535))
        if kind == "proto":
            return r.choice(["TCP", "UDP"])
        if kind == "pmdesc":
            return r.choice(["", "Game server", "NAS remote access", "Camera <front door>",
                             "SSH", "Plex Media Server 32400"])
        if kind == "hostcount":
            return str(self.hosts)
        raise KeyError(kind)


def civil_from_days(z):
    """Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (H. Hinnant)."""
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (m <= 2), m, d)


def build_parameters(g):
    """Return a list of (name, type, writable, value) in data-model order, exactly TOTAL long.

    Also returns the object paths (ending in '.') each leaf belongs to, so the
    GPN payload can interleave object entries the way CPEs list them.
    """
    leaves = []

    def section(prefix, table, ctx):
        for rel, typ, w, kind in table:
            leaves.append((prefix + rel, typ, w, kind, ctx))

    for name, typ, w, kind in HEAD:
        leaves.append((name, typ, w, kind, 0))
    for i in range(1, 4):
        section("Device.WiFi.Radio.%d." % i, RADIO, i)
    for i in range(1, 9):
        section("Device.WiFi.SSID.%d." % i, SSID, i)
    for i in range(1, 9):
        section("Device.WiFi.AccessPoint.%d." % i, AP, i)
        for j in range(1, 1 + (6 if i <= 2 else 1)):
            section("Device.WiFi.AccessPoint.%d.AssociatedDevice.%d." % (i, j), ASSOC, (i, j))
    for i in range(1, 5):
        section("Device.Ethernet.Interface.%d." % i, ETH, i)
    for i in range(1, 21):
        section("Device.NAT.PortMapping.%d." % i, PORTMAP, i)
    for i in range(1, 33):
        section("Device.DHCPv4.Server.Pool.1.StaticAddress.%d." % i, STATIC, i)
    # Fill the rest with hosts (a busy gateway has hundreds of them), cut to TOTAL exactly.
    h = 0
    while len(leaves) < TOTAL:
        h += 1
        section("Device.Hosts.Host.%d." % h, HOST, h)
    g.hosts = h
    leaves = leaves[:TOTAL]
    out = []
    for name, typ, w, kind, ctx in leaves:
        v = g.value(kind, ctx)
        assert len(v) <= 40, (name, v)
        out.append((name, typ, w, v))
    return out


def envelope(msg_id, body_lines, ns="urn:dslforum-org:cwmp-1-2", flat=False):
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:cwmp="%s">' % ns,
        '  <SOAP-ENV:Header>',
        '    <cwmp:ID SOAP-ENV:mustUnderstand="1">%s</cwmp:ID>' % msg_id,
        '  </SOAP-ENV:Header>',
        '  <SOAP-ENV:Body>',
    ]
    tail = ['  </SOAP-ENV:Body>', '</SOAP-ENV:Envelope>', '']
    lines = head + ["    " + l for l in body_lines] + tail
    if flat:
        # one element per line, no indentation (Broadcom / many embedded agents)
        lines = [l.lstrip(" ") for l in lines]
    return "\n".join(lines)


def pvs_lines(params, indent="  "):
    lines = ['<ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[%d]">' % len(params)]
    for name, typ, _w, value in params:
        lines.append(indent + "<ParameterValueStruct>")
        lines.append(indent * 2 + "<Name>%s</Name>" % name)
        lines.append(indent * 2 + '<Value xsi:type="%s">%s</Value>' % (typ, escape(value)))
        lines.append(indent + "</ParameterValueStruct>")
    lines.append("</ParameterList>")
    return lines


def gpv(params):
    body = ["<cwmp:GetParameterValuesResponse>"]
    body += ["  " + l for l in pvs_lines(params)]
    body.append("</cwmp:GetParameterValuesResponse>")
    return envelope("1073", body)


def gpn(params):
    """Interleave object entries (ending in '.') before their first leaf; exactly TOTAL entries."""
    entries = [("Device.", False)]
    seen = {"Device."}
    for name, _typ, w, _v in params:
        parts = name.split(".")
        for k in range(2, len(parts)):
            obj = ".".join(parts[:k]) + "."
            if obj not in seen:
                seen.add(obj)
                # multi-instance tables and their instances are writable (AddObject/DeleteObject)
                last = parts[k - 1]
                writable = last.isdigit() and parts[k - 2] in ("SSID", "AccessPoint", "PortMapping",
                                                               "StaticAddress")
                entries.append((obj, writable))
        entries.append((name, w))
        if len(entries) >= TOTAL:
            break
    entries = entries[:TOTAL]
    body = ["<cwmp:GetParameterNamesResponse>",
            '  <ParameterList SOAP-ENC:arrayType="cwmp:ParameterInfoStruct[%d]">' % len(entries)]
    for name, w in entries:
        body.append("    <ParameterInfoStruct>")
        body.append("      <Name>%s</Name>" % name)
        body.append("      <Writable>%s</Writable>" % ("1" if w else "0"))
        body.append("    </ParameterInfoStruct>")
    body += ["  </ParameterList>", "</cwmp:GetParameterNamesResponse>"]
    return envelope("1072", body), len(entries)


def inform(g):
    params = [
        ("Device.RootDataModelVersion", S, False, "2.15"),
        ("Device.DeviceInfo.HardwareVersion", S, False, "HGW-4000 rev.B"),
        ("Device.DeviceInfo.SoftwareVersion", S, False, "4.2.7-build1187"),
        ("Device.DeviceInfo.ProvisioningCode", S, False, "RES.FIBRE.1G"),
        ("Device.DeviceInfo.UpTime", U, False, "183742"),
        ("Device.ManagementServer.ParameterKey", S, False, "cfg-20240318-01"),
        ("Device.ManagementServer.ConnectionRequestURL", S, False, "http://100.64.18.23:7547/cr/ACME4000A1B2C3"),
        ("Device.ManagementServer.AliasBasedAddressing", B, False, "false"),
        ("Device.ManagementServer.PeriodicInformInterval", U, False, "3600"),
        ("Device.IP.Interface.1.IPv4Address.1.IPAddress", S, False, "192.168.1.1"),
        ("Device.IP.Interface.2.IPv4Address.1.IPAddress", S, False, "100.64.18.23"),
        ("Device.IP.Interface.2.Status", S, False, "Up"),
        ("Device.PPP.Interface.1.Username", S, False, "customer4711@isp.example"),
        ("Device.WiFi.SSID.1.SSID", S, False, "Home-2G"),
        ("Device.WiFi.SSID.2.SSID", S, False, "Home-5G"),
        ("Device.WiFi.Radio.1.Channel", U, False, "6"),
        ("Device.WiFi.Radio.2.Channel", U, False, "36"),
        ("Device.Hosts.HostNumberOfEntries", U, False, "14"),
        ("Device.Time.CurrentLocalTime", D, False, "2024-03-18T10:41:07+01:00"),
        ("Device.Optical.Interface.1.OpticalSignalLevel", I, False, "-18540"),
    ]
    body = [
        "<cwmp:Inform>",
        "  <DeviceId>",
        "    <Manufacturer>ACME Broadband</Manufacturer>",
        "    <OUI>00AC4D</OUI>",
        "    <ProductClass>HGW-4000</ProductClass>",
        "    <SerialNumber>ACME4000A1B2C3</SerialNumber>",
        "  </DeviceId>",
        '  <Event SOAP-ENC:arrayType="cwmp:EventStruct[2]">',
        "    <EventStruct>",
        "      <EventCode>2 PERIODIC</EventCode>",
        "      <CommandKey></CommandKey>",
        "    </EventStruct>",
        "    <EventStruct>",
        "      <EventCode>4 VALUE CHANGE</EventCode>",
        "      <CommandKey></CommandKey>",
        "    </EventStruct>",
        "  </Event>",
        "  <MaxEnvelopes>1</MaxEnvelopes>",
        "  <CurrentTime>2024-03-18T09:41:07Z</CurrentTime>",
        "  <RetryCount>0</RetryCount>",
    ]
    body += ["  " + l for l in pvs_lines(params)]
    body.append("</cwmp:Inform>")
    return envelope("1", body, flat=True)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    os.makedirs(args.outdir, exist_ok=True)

    g = Gen(args.seed)
    params = build_parameters(g)
    assert len(params) == TOTAL
    gpn_doc, n_gpn = gpn(params)
    assert n_gpn == TOTAL
    docs = [
        ("gpv-5000.xml", gpv(params)),
        ("gpn-5000.xml", gpn_doc),
        ("inform-typical.xml", inform(g)),
    ]
    for name, text in docs:
        path = os.path.join(args.outdir, name)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        print("%-20s %9d bytes  %s" % (name, len(data), path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
