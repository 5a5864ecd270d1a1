#if os(Linux)
import CCurl

extension CurlMultiWorker {
    /// Points libcurl's socket callback at this worker. It runs only inside the `curl_multi_*`
    /// calls this thread makes, while ``run()`` holds the worker.
    ///
    /// No timer callback: libcurl calls it only when its earliest timer changes, and compares
    /// whole milliseconds, so a timer fired a fraction early would never be set again. The loop
    /// asks `curl_multi_timeout` before each wait instead (a look at the root of its timer tree).
    func installCallbacks() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = ferrule_curl_multi_setopt_socket_function(loop.multi, curlSocketCallback)
        _ = ferrule_curl_multi_setopt_pointer(loop.multi, CURLMOPT_SOCKETDATA, context)
    }

    /// Runs libcurl's due timers (new transfers start this way), completes the finished
    /// transfers, then waits for a ready socket, the next timer or a wakeup and hands each ready
    /// socket to libcurl.
    func drive() {
        var running: Int32 = 0
        var timeout = -1
        _ = curl_multi_timeout(loop.multi, &timeout)
        if timeout == 0 {
            _ = curl_multi_socket_action(loop.multi, FERRULE_CURL_SOCKET_TIMEOUT, 0, &running)
            completeFinished()
            _ = curl_multi_timeout(loop.multi, &timeout)
        }
        let limit = Int(CurlMultiWorker.pollMilliseconds)
        let wait = Int32(timeout < 0 ? limit : min(timeout, limit))
        let events = loop.events
        let ready = readyDescriptors.withUnsafeMutableBufferPointer { descriptors in
            readyBits.withUnsafeMutableBufferPointer { bits in
                ferrule_epoll_wait(
                    events.epoll,
                    descriptors.baseAddress,
                    bits.baseAddress,
                    Int32(CurlEvents.batch),
                    wait
                )
            }
        }
        guard ready > 0 else { return }
        for index in 0..<Int(ready) {
            let descriptor = readyDescriptors[index]
            if descriptor == events.wakeup {
                // The mailbox is read at the top of the next iteration, after this.
                ferrule_eventfd_drain(descriptor)
                continue
            }
            _ = curl_multi_socket_action(loop.multi, descriptor, readyBits[index], &running)
        }
        completeFinished()
    }

    /// `CURLMOPT_SOCKETFUNCTION`: watch `socket` for what libcurl wants, or stop watching it.
    fileprivate func watch(_ socket: Int32, what: Int32) {
        let epoll = loop.events.epoll
        switch what {
        case Int32(CURL_POLL_REMOVE): ferrule_epoll_unwatch(epoll, socket)
        default:
            let wantsIn: Int32 = what & Int32(CURL_POLL_IN) != 0 ? 1 : 0
            let wantsOut: Int32 = what & Int32(CURL_POLL_OUT) != 0 ? 1 : 0
            _ = ferrule_epoll_watch(epoll, socket, wantsIn, wantsOut)
        }
    }
}

private func curlSocketCallback(
    _ easy: UnsafeMutableRawPointer?,
    _ socket: curl_socket_t,
    _ what: Int32,
    _ context: UnsafeMutableRawPointer?,
    _ socketContext: UnsafeMutableRawPointer?
) -> Int32 {
    guard let context else { return 0 }
    Unmanaged<CurlMultiWorker>.fromOpaque(context).takeUnretainedValue().watch(socket, what: what)
    return 0
}
#endif
