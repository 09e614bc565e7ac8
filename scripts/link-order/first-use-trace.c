// first-use-trace ADDRESSES OUT PROGRAM [ARGUMENT...]
//
// Runs PROGRAM (a position-independent executable) under ptrace with a one-shot breakpoint
// (int3) at every function entry listed in ADDRESSES (one hexadecimal link-time address a line,
// as readelf prints them), and writes each address to OUT the first time any thread of PROGRAM
// reaches it, so OUT lists the functions run, in the order they were first run. A breakpoint
// is removed when it is hit, so each costs one stop: a traced start takes about as long as an
// untraced one. Stops, killing PROGRAM, on SIGTERM or SIGINT, or when PROGRAM exits.
//
// Used by scripts/generate-link-order (valgrind 3.19 cannot read the toolchain's DWARF 5, and
// sampling profilers miss functions run once, each of which would cost a 64 KiB fault-around
// window of cold code). x86_64 Linux only.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t *addresses;
static unsigned char *originalBytes, *reached;
static size_t count;
static volatile sig_atomic_t stopRequested;

static void requestStop(int signal) { (void)signal; stopRequested = 1; }

static int compareAddresses(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/// The index of `address` in the sorted `addresses`, or -1.
static long indexOf(uint64_t address) {
    size_t low = 0, high = count;
    while (low < high) {
        size_t middle = (low + high) / 2;
        if (addresses[middle] < address) low = middle + 1; else high = middle;
    }
    return low < count && addresses[low] == address ? (long)low : -1;
}

static void readAddresses(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); exit(2); }
    size_t capacity = 1 << 16;
    addresses = malloc(capacity * sizeof *addresses);
    char line[256];
    while (fgets(line, sizeof line, file)) {
        if (count == capacity) addresses = realloc(addresses, (capacity *= 2) * sizeof *addresses);
        addresses[count++] = strtoull(line, 0, 16);
    }
    fclose(file);
    if (count == 0) { fprintf(stderr, "%s: no addresses\n", path); exit(2); }
    qsort(addresses, count, sizeof *addresses, compareAddresses);
    size_t unique = 0;
    for (size_t i = 0; i < count; i++)
        if (unique == 0 || addresses[i] != addresses[unique - 1]) addresses[unique++] = addresses[i];
    count = unique;
    originalBytes = calloc(count, 1);
    reached = calloc(count, 1);
}

/// Where the kernel loaded the executable of `pid` (its mapping at file offset 0).
static uint64_t loadAddress(pid_t pid) {
    char path[64], executable[4096], line[4352];
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    ssize_t length = readlink(path, executable, sizeof executable - 1);
    if (length < 0) { perror(path); exit(1); }
    executable[length] = 0;
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *maps = fopen(path, "r");
    while (maps && fgets(line, sizeof line, maps)) {
        unsigned long start, end, offset;
        char permissions[8], file[4096] = "";
        if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %4095s", &start, &end, permissions, &offset, file) == 5
            && offset == 0 && strcmp(file, executable) == 0) {
            fclose(maps);
            return start;
        }
    }
    fprintf(stderr, "no mapping of %s found\n", executable);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: first-use-trace ADDRESSES OUT PROGRAM [ARGUMENT...]\n");
        return 2;
    }
    readAddresses(argv[1]);
    FILE *out = fopen(argv[2], "w");
    if (!out) { perror(argv[2]); return 2; }
    pid_t pid = fork();
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        execv(argv[3], argv + 3);
        perror(argv[3]);
        _exit(127);
    }
    struct sigaction action = {0};
    action.sa_handler = requestStop;  // no SA_RESTART: waitpid returns EINTR
    sigaction(SIGTERM, &action, 0);
    sigaction(SIGINT, &action, 0);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) { fprintf(stderr, "exec failed\n"); return 1; }
    ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);

    // Plant every breakpoint with one write through /proc/PID/mem.
    uint64_t base = loadAddress(pid), low = addresses[0], high = addresses[count - 1] + 1;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", pid);
    int memory = open(path, O_RDWR);
    unsigned char *text = malloc(high - low);
    if (memory < 0 || pread(memory, text, high - low, base + low) != (ssize_t)(high - low)) { perror("read text"); return 1; }
    for (size_t i = 0; i < count; i++) {
        originalBytes[i] = text[addresses[i] - low];
        text[addresses[i] - low] = 0xCC;
    }
    if (pwrite(memory, text, high - low, base + low) != (ssize_t)(high - low)) { perror("write text"); return 1; }
    free(text);

    size_t reachedCount = 0;
    ptrace(PTRACE_CONT, pid, 0, 0);
    while (!stopRequested) {
        pid_t thread = waitpid(-1, &status, __WALL);
        if (thread < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (thread == pid) break;
            continue;
        }
        if (!WIFSTOPPED(status)) continue;
        int signal = WSTOPSIG(status), deliver = 0;
        if (signal == SIGTRAP && (status >> 16) == 0) {
            struct user_regs_struct registers;
            ptrace(PTRACE_GETREGS, thread, 0, &registers);
            long i = indexOf(registers.rip - 1 - base);
            if (i >= 0) {
                // Ours (perhaps already removed, when two threads reached it at once): rewind.
                if (!reached[i]) {
                    reached[i] = 1;
                    reachedCount++;
                    pwrite(memory, &originalBytes[i], 1, base + addresses[i]);
                    fprintf(out, "%lx\n", (unsigned long)addresses[i]);
                }
                registers.rip -= 1;
                ptrace(PTRACE_SETREGS, thread, 0, &registers);
            } else {
                deliver = signal;
            }
        } else if (signal == SIGTRAP || signal == SIGSTOP) {
            deliver = 0;  // a clone event, or a new thread's first stop
        } else {
            deliver = signal;
        }
        ptrace(PTRACE_CONT, thread, 0, deliver);
    }
    fclose(out);
    fprintf(stderr, "first-use-trace: %zu of %zu functions reached\n", reachedCount, count);
    kill(pid, SIGKILL);
    return 0;
}
