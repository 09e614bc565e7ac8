#define _GNU_SOURCE
#include "cvarlink_socket.h"

#include <pthread.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

int cvarlink_poll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int cvarlink_poll_set(int poll_fd, int op, int fd, uint64_t token, int readable, int writable) {
    struct epoll_event event = {0};
    event.events = (readable ? EPOLLIN | EPOLLRDHUP : 0) | (writable ? EPOLLOUT : 0);
    event.data.u64 = token;
    int operation = op == 0 ? EPOLL_CTL_ADD : op == 1 ? EPOLL_CTL_MOD : EPOLL_CTL_DEL;
    return epoll_ctl(poll_fd, operation, fd, &event);
}

int cvarlink_poll_wait(int poll_fd, uint64_t *tokens, uint32_t *events, int capacity, int timeout_ms) {
    struct epoll_event ready[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(poll_fd, ready, capacity, timeout_ms);
    for (int index = 0; index < count; index++) {
        uint32_t bits = ready[index].events;
        tokens[index] = ready[index].data.u64;
        events[index] = ((bits & (EPOLLIN | EPOLLRDHUP)) ? CVARLINK_POLL_READABLE : 0)
            | ((bits & EPOLLOUT) ? CVARLINK_POLL_WRITABLE : 0)
            | ((bits & (EPOLLERR | EPOLLHUP)) ? CVARLINK_POLL_ERROR : 0);
    }
    return count;
}

int cvarlink_wake_create(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

void cvarlink_wake_signal(int fd) {
    uint64_t one = 1;
    ssize_t written;
    do {
        written = write(fd, &one, sizeof(one));
    } while (written < 0 && errno == EINTR);
}

void cvarlink_wake_drain(int fd) {
    uint64_t value;
    ssize_t got;
    do {
        got = read(fd, &value, sizeof(value));
    } while (got < 0 && errno == EINTR);
}

void cvarlink_name_thread(const char *name) {
    char shortened[16];
    strncpy(shortened, name, sizeof(shortened) - 1);
    shortened[sizeof(shortened) - 1] = 0;
    pthread_setname_np(pthread_self(), shortened);
}
