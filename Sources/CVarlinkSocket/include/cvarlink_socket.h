// Ancillary-data helpers for Varlink's descriptor passing (SCM_RIGHTS). The CMSG_* accessors are
// C macros that Swift cannot call, so the whole sendmsg/recvmsg with its control buffer lives here.
#ifndef CVARLINK_SOCKET_H
#define CVARLINK_SOCKET_H

#include <stddef.h>
#include <sys/types.h>

/// The kernel's limit of descriptors in one SCM_RIGHTS message (SCM_MAX_FD).
#define CVARLINK_MAX_FDS 253

/// Receives up to `length` bytes from `socket` (non-blocking, descriptors close-on-exec).
/// Descriptors that came with the bytes are stored in `fds` (room for CVARLINK_MAX_FDS) and
/// counted in `*fd_count`; the caller owns them. `*truncated` is set when the kernel dropped
/// descriptors that did not fit. Returns recvmsg's result (-1 with errno on failure).
ssize_t cvarlink_recv(int socket, void *buffer, size_t length, int *fds, int *fd_count, int *truncated);

/// Copies up to `length` bytes waiting on `socket` without taking them off the queue
/// (MSG_PEEK, non-blocking, no ancillary buffer). `*has_ancillary` is set when the bytes came
/// with descriptors or credentials (MSG_CTRUNC): no descriptor is installed by a peek, and the
/// caller must take those bytes with cvarlink_recv instead. Returns recvmsg's result.
ssize_t cvarlink_peek(int socket, void *buffer, size_t length, int *has_ancillary);

/// Sends `length` bytes of `buffer` on `socket` with `fd_count` descriptors as SCM_RIGHTS
/// (none when `fd_count` is 0), without SIGPIPE. Returns sendmsg's result.
ssize_t cvarlink_send(int socket, const void *buffer, size_t length, const int *fds, int fd_count, int flags);

/// SO_PEERCRED of a connected Unix socket; 0 on success, -1 with errno.
int cvarlink_peer_credentials(int socket, int *pid, unsigned *uid, unsigned *gid);

/// SO_PEERGROUPS of a connected Unix socket (the peer's supplementary groups when it connected):
/// the count stored in `groups` (room for `capacity`), or -1 with errno (ERANGE: more than that).
int cvarlink_peer_groups(int socket, unsigned *groups, int capacity);

/// accept4 with SOCK_CLOEXEC and SOCK_NONBLOCK (a GNU extension Glibc does not import).
int cvarlink_accept(int socket);

// Readiness polling for the server's event loops (epoll and an eventfd to wake a loop), with
// plain integers in place of epoll's packed struct and union. See cvarlink_poll.c.

#include <stdint.h>

/// Readiness bits reported by cvarlink_poll_wait.
#define CVARLINK_POLL_READABLE 1
#define CVARLINK_POLL_WRITABLE 2
/// Error or hang-up: the owner should read (to see EOF or the error) and write (to fail).
#define CVARLINK_POLL_ERROR 4

/// epoll_create1(EPOLL_CLOEXEC).
int cvarlink_poll_create(void);

/// Adds (`op` 0), changes (1) or removes (2) `fd`'s level-triggered interest; `token` comes back
/// with its events. Returns epoll_ctl's result.
int cvarlink_poll_set(int poll_fd, int op, int fd, uint64_t token, int readable, int writable);

/// Waits up to `timeout_ms` (-1: for ever) and stores up to `capacity` ready tokens and their
/// CVARLINK_POLL_* bits. Returns the count, or -1 with errno.
int cvarlink_poll_wait(int poll_fd, uint64_t *tokens, uint32_t *events, int capacity, int timeout_ms);

/// A non-blocking, close-on-exec eventfd.
int cvarlink_wake_create(void);

/// Adds 1 to the eventfd (wakes its poller).
void cvarlink_wake_signal(int fd);

/// Resets the eventfd to 0.
void cvarlink_wake_drain(int fd);

/// Names the calling thread (at most 15 bytes are kept), as ps and perf show it.
void cvarlink_name_thread(const char *name);

#endif
