#define _GNU_SOURCE
#include "cvarlink_socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

ssize_t cvarlink_recv(int socket, void *buffer, size_t length, int *fds, int *fd_count, int *truncated) {
    union {
        struct cmsghdr align;
        char bytes[CMSG_SPACE(sizeof(int) * CVARLINK_MAX_FDS)];
    } control;
    struct iovec iov = {.iov_base = buffer, .iov_len = length};
    struct msghdr message = {0};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control.bytes;
    message.msg_controllen = sizeof(control.bytes);
    *fd_count = 0;
    *truncated = 0;
    ssize_t received = recvmsg(socket, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    if (received < 0) return received;
    if (message.msg_flags & MSG_CTRUNC) *truncated = 1;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header != NULL; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        const unsigned char *data = CMSG_DATA(header);
        for (size_t i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, data + i * sizeof(int), sizeof(int));
            if (*fd_count < CVARLINK_MAX_FDS) {
                fds[(*fd_count)++] = fd;
            } else {
                close(fd);
                *truncated = 1;
            }
        }
    }
    return received;
}

ssize_t cvarlink_peek(int socket, void *buffer, size_t length, int *has_ancillary) {
    struct iovec iov = {.iov_base = buffer, .iov_len = length};
    struct msghdr message = {0};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    *has_ancillary = 0;
    ssize_t received = recvmsg(socket, &message, MSG_DONTWAIT | MSG_PEEK);
    if (received >= 0 && (message.msg_flags & MSG_CTRUNC)) *has_ancillary = 1;
    return received;
}

ssize_t cvarlink_send(int socket, const void *buffer, size_t length, const int *fds, int fd_count, int flags) {
    struct iovec iov = {.iov_base = (void *)buffer, .iov_len = length};
    struct msghdr message = {0};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    union {
        struct cmsghdr align;
        char bytes[CMSG_SPACE(sizeof(int) * CVARLINK_MAX_FDS)];
    } control;
    if (fd_count > 0) {
        if (fd_count > CVARLINK_MAX_FDS) {
            errno = EINVAL;
            return -1;
        }
        memset(&control, 0, sizeof(control));
        message.msg_control = control.bytes;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * fd_count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * fd_count);
        memcpy(CMSG_DATA(header), fds, sizeof(int) * fd_count);
    }
    return sendmsg(socket, &message, MSG_NOSIGNAL | flags);
}

int cvarlink_peer_credentials(int socket, int *pid, unsigned *uid, unsigned *gid) {
    struct ucred credentials;
    socklen_t size = sizeof(credentials);
    if (getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return -1;
    *pid = credentials.pid;
    *uid = credentials.uid;
    *gid = credentials.gid;
    return 0;
}

int cvarlink_accept(int socket) {
    return accept4(socket, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
}

int cvarlink_peer_groups(int socket, unsigned *groups, int capacity) {
    socklen_t size = (socklen_t)(sizeof(gid_t) * (size_t)capacity);
    if (getsockopt(socket, SOL_SOCKET, SO_PEERGROUPS, groups, &size) != 0) return -1;
    return (int)(size / sizeof(gid_t));
}
