/// The trees the stand-in falls back on when no fixture file is given or found, so the executable works from any
/// directory: copies of `Fixtures/trees/genieacs-sim-tr098.csv` (a Huawei HG8245H, TR-098) and of
/// `Fixtures/trees/genieacs-export-tr181.csv` (a TP-Link EX220, TR-181) in genieacs-sim's CSV format
/// (genieacs-sim@be391ca genieacs-sim:18-30), the latter with `ManufacturerOUI` and `ProductClass` added.
enum EmbeddedTrees {
    static let tr098 = #"""
        Parameter,Object,Writable,Value,Value type
        InternetGatewayDevice.,true,false,,
        InternetGatewayDevice.DeviceSummary,false,false,"InternetGatewayDevice:1.4[](Baseline:1, EthernetLAN:1, WiFiLAN:1, EthernetWAN:1, Time:1, IPPing:1)",xsd:string
        InternetGatewayDevice.DeviceInfo.,true,false,,
        InternetGatewayDevice.DeviceInfo.Manufacturer,false,false,"Huawei Technologies Co., Ltd",xsd:string
        InternetGatewayDevice.DeviceInfo.ManufacturerOUI,false,false,00E0FC,xsd:string
        InternetGatewayDevice.DeviceInfo.ModelName,false,false,HG8245H,xsd:string
        InternetGatewayDevice.DeviceInfo.ProductClass,false,false,HG8245H,xsd:string
        InternetGatewayDevice.DeviceInfo.SerialNumber,false,false,48575443A1B2C3D4,xsd:string
        InternetGatewayDevice.DeviceInfo.HardwareVersion,false,false,4C7.A,xsd:string
        InternetGatewayDevice.DeviceInfo.SoftwareVersion,false,false,V3R017C10S125,xsd:string
        InternetGatewayDevice.DeviceInfo.ProvisioningCode,false,true,,xsd:string
        InternetGatewayDevice.DeviceInfo.UpTime,false,false,512344,xsd:unsignedInt
        InternetGatewayDevice.ManagementServer.,true,false,,
        InternetGatewayDevice.ManagementServer.URL,false,true,http://acs.isp.example:7547/,xsd:string
        InternetGatewayDevice.ManagementServer.Username,false,true,hgw,xsd:string
        InternetGatewayDevice.ManagementServer.Password,false,true,,xsd:string
        InternetGatewayDevice.ManagementServer.PeriodicInformEnable,false,true,true,xsd:boolean
        InternetGatewayDevice.ManagementServer.PeriodicInformInterval,false,true,3600,xsd:unsignedInt
        InternetGatewayDevice.ManagementServer.ParameterKey,false,false,,xsd:string
        InternetGatewayDevice.ManagementServer.ConnectionRequestURL,false,false,http://100.72.14.201:7547/,xsd:string
        InternetGatewayDevice.ManagementServer.ConnectionRequestUsername,false,true,cr-user,xsd:string
        InternetGatewayDevice.WANDevice.,true,false,,
        InternetGatewayDevice.WANDevice.1.,true,false,,
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.,true,false,,
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.,true,false,,
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.,true,true,,
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.,true,true,,
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Enable,false,true,true,xsd:boolean
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.ConnectionStatus,false,false,Connected,xsd:string
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.ConnectionType,false,true,IP_Routed,xsd:string
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Name,false,true,2_INTERNET_R_VID_100,xsd:string
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Uptime,false,false,512290,xsd:unsignedInt
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.NATEnabled,false,true,true,xsd:boolean
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Username,false,true,customer4711@isp.example,xsd:string
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Password,false,true,,xsd:string
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.ExternalIPAddress,false,false,203.0.113.17,xsd:string
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.DNSServers,false,true,"198.51.100.53,198.51.100.54",xsd:string
        InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.MACAddress,false,false,E8:A6:60:12:34:57,xsd:string
        InternetGatewayDevice.LANDevice.,true,false,,
        InternetGatewayDevice.LANDevice.1.,true,false,,
        InternetGatewayDevice.LANDevice.1.WLANConfiguration.,true,false,,
        InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.,true,false,,
        InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable,false,true,true,xsd:boolean
        InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Status,false,false,Up,xsd:string
        InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID,false,true,HUAWEI-2.4G-x7Kp,xsd:string
        InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Channel,false,true,6,xsd:unsignedInt
        InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase,false,true,,xsd:string
        InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.TotalAssociations,false,false,3,xsd:unsignedInt
        """#

    static let tr181 = #"""
        Parameter,Object,Writable,Value,Value type
        Device.,true,false,,
        Device.Bridging.,true,false,,
        Device.Bridging.Bridge.,true,false,,
        Device.Bridging.Bridge.1.,true,true,,
        Device.Bridging.Bridge.1.Enable,false,true,true,xsd:boolean
        Device.Bridging.Bridge.1.Port.,true,false,,
        Device.Bridging.Bridge.1.Port.1.,true,true,,
        Device.Bridging.Bridge.1.Port.1.LowerLayers,false,true,"Device.Ethernet.Interface.1,Device.Ethernet.Interface.2",xsd:string
        Device.DeviceInfo.,true,false,,
        Device.DeviceInfo.Description,false,false,"AX1800 ""Wi-Fi 6"" Router, white",xsd:string
        Device.DeviceInfo.Manufacturer,false,false,TP-Link,xsd:string
        Device.DeviceInfo.ManufacturerOUI,false,false,3C52A1,xsd:string
        Device.DeviceInfo.ModelName,false,false,EX220,xsd:string
        Device.DeviceInfo.ProductClass,false,false,EX220,xsd:string
        Device.DeviceInfo.SerialNumber,false,false,2236457000123,xsd:string
        Device.DeviceInfo.SoftwareVersion,false,false,1.2.3 0.8.0 v6048.0 Build 230612 Rel.44398n,xsd:string
        Device.DeviceInfo.UpTime,false,false,864021,xsd:unsignedInt
        Device.DeviceInfo.X_TP_Uptime,false,false,10,xsd:unsignedint
        Device.Ethernet.,true,false,,
        Device.Ethernet.Interface.,true,false,,
        Device.Ethernet.Interface.1.,true,true,,
        Device.Ethernet.Interface.1.Enable,false,true,true,xsd:boolean
        Device.Ethernet.Interface.1.Status,false,false,Up,xsd:string
        Device.Ethernet.Interface.10.,true,true,,
        Device.Ethernet.Interface.10.Enable,false,true,false,xsd:boolean
        Device.Ethernet.Interface.10.Status,false,false,NotPresent,xsd:string
        Device.Ethernet.Interface.2.,true,true,,
        Device.Ethernet.Interface.2.Enable,false,true,true,xsd:boolean
        Device.Ethernet.Interface.2.MaxBitRate,false,true,1000,xsd:int
        Device.Ethernet.Interface.2.Status,false,false,Down,xsd:string
        Device.Ethernet.Interface.2.X_TP_PortSpeed,false,false,,xsd:string
        Device.ManagementServer.,true,false,,
        Device.ManagementServer.ConnectionRequestURL,false,false,http://203.0.113.120:7547/tr069,xsd:string
        Device.ManagementServer.PeriodicInformInterval,false,true,3600,xsd:unsignedInt
        Device.ManagementServer.PeriodicInformTime,false,true,2024-03-18T02:00:00.000Z,xsd:dateTime
        Device.RootDataModelVersion,false,false,2.12,xsd:string
        Device.WiFi.,true,false,,
        Device.WiFi.Radio.,true,false,,
        Device.WiFi.Radio.1.,true,true,,
        Device.WiFi.Radio.1.Channel,false,true,11,xsd:unsignedInt
        Device.WiFi.Radio.1.OperatingStandards,false,true,"b,g,n,ax",xsd:string
        Device.WiFi.Radio.1.PossibleChannels,false,false,"1,2,3,4,5,6,7,8,9,10,11,12,13",xsd:string
        Device.WiFi.Radio.1.SupportedStandards,false,false,"b,g,n,ax",xsd:string
        Device.WiFi.Radio.1.TransmitPower,false,true,100,xsd:int
        Device.WiFi.SSID.,true,false,,
        Device.WiFi.SSID.1.,true,true,,
        Device.WiFi.SSID.1.Enable,false,true,true,xsd:boolean
        Device.WiFi.SSID.1.SSID,false,true,TP-Link_4C2E,xsd:string
        Device.WiFi.SSID.1.Stats.,true,false,,
        Device.WiFi.SSID.1.Stats.BytesSent,false,false,20938470129,xsd:unsignedLong
        """#
}
