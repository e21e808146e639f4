import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes the service when something changes in the inbox (Linux inotify on the inbox and every
/// sub-folder). Events only wake it: each wake-up rescans the inbox, so a lost event, a queue
/// overflow or a share that sends no events at all (SMB, NFS) costs at most one poll interval.
final class InotifyWatcher {
    private var descriptor: Int32 = -1
    private var watched: Set<String> = []

    /// Starts watching; nil when inotify is not available (the service then polls).
    init?() {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if descriptor < 0 { return nil }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Watches `folders` not yet watched (new sub-folders appear over time). A folder that went
    /// away is watched again when it comes back.
    func watch(_ folders: [String]) {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB)
        for folder in folders where !watched.contains(folder) {
            if inotify_add_watch(descriptor, folder, mask) >= 0 { watched.insert(folder) }
        }
    }

    /// Forgets every watch (after the inbox disappeared) so they are added again.
    func reset() {
        close(descriptor)
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        watched = []
    }

    /// Waits up to `timeout` seconds for an event (or a signal); drains the queue. Returns whether
    /// something happened.
    func wait(timeout: TimeInterval) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(max(0, min(timeout, 3600)) * 1000))
        guard ready > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while read(descriptor, &buffer, buffer.count) > 0 {}
        return true
    }
}
