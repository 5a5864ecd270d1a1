import VOLTHAMessages

// Conversions from the generated protobuf messages (internal) to Ferrule's public model.

extension AdminState {
    init(_ proto: Common_AdminState.Types) {
        switch proto {
        case .unknown: self = .unknown
        case .preprovisioned: self = .preprovisioned
        case .enabled: self = .enabled
        case .disabled: self = .disabled
        case .downloadingImage: self = .downloadingImage
        case .UNRECOGNIZED(let value): self = .unrecognized(value)
        }
    }
}

extension OperStatus {
    init(_ proto: Common_OperStatus.Types) {
        switch proto {
        case .unknown: self = .unknown
        case .discovered: self = .discovered
        case .activating: self = .activating
        case .testing: self = .testing
        case .active: self = .active
        case .failed: self = .failed
        case .reconciling: self = .reconciling
        case .reconcilingFailed: self = .reconcilingFailed
        case .rebooted: self = .rebooted
        case .UNRECOGNIZED(let value): self = .unrecognized(value)
        }
    }
}

extension ConnectStatus {
    init(_ proto: Common_ConnectStatus.Types) {
        switch proto {
        case .unknown: self = .unknown
        case .unreachable: self = .unreachable
        case .reachable: self = .reachable
        case .UNRECOGNIZED(let value): self = .unrecognized(value)
        }
    }
}

extension PortType {
    init(_ proto: Device_Port.PortType) {
        switch proto {
        case .unknown: self = .unknown
        case .ethernetNni: self = .ethernetNNI
        case .ethernetUni: self = .ethernetUNI
        case .ponOlt: self = .ponOLT
        case .ponOnu: self = .ponONU
        case .venetOlt: self = .venetOLT
        case .venetOnu: self = .venetONU
        case .UNRECOGNIZED(let value): self = .unrecognized(value)
        }
    }
}

extension Device {
    init(_ proto: Device_Device) {
        self.init(id: proto.id)
        type = proto.type
        isRoot = proto.root
        parentID = proto.parentID
        parentPortNumber = proto.parentPortNo
        vendor = proto.vendor
        model = proto.model
        hardwareVersion = proto.hardwareVersion
        firmwareVersion = proto.firmwareVersion
        serialNumber = proto.serialNumber
        vendorID = proto.vendorID
        adapterEndpoint = proto.adapterEndpoint
        if case .hostAndPort(let value)? = proto.address { hostAndPort = value }
        macAddress = proto.macAddress
        adminState = AdminState(proto.adminState)
        operStatus = OperStatus(proto.operStatus)
        connectStatus = ConnectStatus(proto.connectStatus)
        reason = proto.reason
        if proto.hasProxyAddress {
            let address = proto.proxyAddress
            proxyAddress = ProxyAddress(
                deviceID: address.deviceID,
                deviceType: address.deviceType,
                channelID: address.channelID,
                onuID: address.onuID
            )
        }
        images = proto.images.image.map {
            DeviceImage(
                name: $0.name,
                version: $0.version,
                isActive: $0.isActive,
                isCommitted: $0.isCommitted,
                isValid: $0.isValid
            )
        }
    }
}

extension DevicePort {
    init(_ proto: Device_Port) {
        self.init(
            number: proto.portNo,
            label: proto.label,
            type: PortType(proto.type),
            adminState: AdminState(proto.adminState),
            operStatus: OperStatus(proto.operStatus),
            deviceID: proto.deviceID,
            peers: proto.peers.map { PeerPort(deviceID: $0.deviceID, portNumber: $0.portNo) },
            name: proto.ofpPort.name
        )
    }
}

extension LogicalDevice {
    init(_ proto: LogicalDevice_LogicalDevice) {
        self.init(
            id: proto.id,
            datapathID: proto.datapathID,
            rootDeviceID: proto.rootDeviceID,
            manufacturer: proto.desc.mfrDesc,
            hardware: proto.desc.hwDesc,
            software: proto.desc.swDesc,
            serialNumber: proto.desc.serialNum
        )
    }
}

extension LogicalPort {
    init(_ proto: LogicalDevice_LogicalPort) {
        self.init(
            id: proto.id,
            name: proto.ofpPort.name,
            ofpPortNumber: proto.ofpPort.portNo,
            deviceID: proto.deviceID,
            devicePortNumber: proto.devicePortNo,
            isRootPort: proto.rootPort
        )
    }
}

extension Adapter {
    init(_ proto: Adapter_Adapter) {
        self.init(
            id: proto.id,
            vendor: proto.vendor,
            version: proto.version,
            type: proto.type,
            endpoint: proto.endpoint,
            currentReplica: proto.currentReplica,
            totalReplicas: proto.totalReplicas,
            lastCommunication: proto.lastCommunication
        )
    }
}

extension DeviceType {
    init(_ proto: Device_DeviceType) {
        self.init(id: proto.id, vendorID: proto.vendorID, vendorIDs: proto.vendorIds, adapterType: proto.adapterType)
    }
}
