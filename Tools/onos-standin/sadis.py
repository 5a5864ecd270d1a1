"""SADIS for onos-standin: subscriber and bandwidth-profile lookups as the ONOS sadis app does them."""

import json
import urllib.error
import urllib.parse
import urllib.request

MAX_REMOTE_BYTES = 1 << 20
REMOTE_TIMEOUT_S = 5.0

# What the sadis app reads for an absent field (opencord/sadis app/src/main/java/org/opencord/sadis/impl/
# SubscriberAndDeviceInformationConfig.java:164-198, the deserializer of netcfg and of a remote SADIS
# entry; UniTagInformationCodec.java:49-58, 85-127 the same; api/.../UniTagInformation.java:29-50):
# VlanId.NO_VID, 0, for absent tags — uniTagMatch included (sadis commit c1e7272 "Using the same
# default for REST and CONFIG based entries" replaced VlanId.NONE, -1, with it); -1 for absent
# priorities and technology profile; empty strings; false flags. The REST encode writes a VlanId as
# its short (UniTagInformationCodec.java:60-62): 0 for NO_VID, -1 for NONE.
UNI_TAG_DEFAULTS = {
    "uniTagMatch": 0, "ponCTag": 0, "ponSTag": 0, "usPonCTagPriority": -1, "usPonSTagPriority": -1,
    "dsPonCTagPriority": -1, "dsPonSTagPriority": -1, "technologyProfileId": -1,
    "upstreamBandwidthProfile": "", "downstreamBandwidthProfile": "", "upstreamOltBandwidthProfile": "",
    "downstreamOltBandwidthProfile": "", "serviceName": "", "enableMacLearning": False,
    "configuredMacAddress": "", "isDhcpRequired": False, "isIgmpRequired": False, "isPppoeRequired": False,
}


class Sadis:
    """The SADIS app's subscriber and bandwidth-profile services (opencord/sadis InformationAdapter)."""

    def __init__(self, subscriber_url=None, bp_url=None):
        self.config = {}  # netcfg key ("sadis", "bandwidthprofile") -> config object
        self.default_urls = {"sadis": subscriber_url, "bandwidthprofile": bp_url}

    def _url(self, key):
        url = self.config.get(key, {}).get("integration", {}).get("url") or self.default_urls[key]
        # api/src/main/java/org/opencord/sadis/BaseConfig.java:48-63: a URL without %s is ignored
        return url if url and "%s" in url else None

    def get(self, key, entry_id):
        # app/src/main/java/org/opencord/sadis/impl/InformationAdapter.java:189-254: local entries
        # first, then the integration URL with %s replaced by the id; any failure means "not found".
        for e in self.config.get(key, {}).get("entries", []):
            if isinstance(e, dict) and e.get("id") == entry_id:
                return e
        url = self._url(key)
        if url is None:
            return None
        target = url.replace("%s", urllib.parse.quote(entry_id, safe=""))
        try:
            with urllib.request.urlopen(target, timeout=REMOTE_TIMEOUT_S) as r:
                data = r.read(MAX_REMOTE_BYTES + 1)
            if len(data) > MAX_REMOTE_BYTES:
                return None
            value = json.loads(data)
            return value if isinstance(value, dict) else None
        except (urllib.error.URLError, OSError, ValueError):
            return None


def encode_uni_tag(raw):
    out = dict(UNI_TAG_DEFAULTS)
    for k in UNI_TAG_DEFAULTS:
        if k in raw:
            out[k] = raw[k]
    return out
