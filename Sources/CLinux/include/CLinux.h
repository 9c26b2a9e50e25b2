// CLinux: the few Linux calls that Swift cannot import without _GNU_SOURCE.
// Kept tiny on purpose (as swift-nio's CNIOLinux): everything else is called from Swift.
#ifndef CLINUX_H
#define CLINUX_H

#include <sys/types.h>

/// Credentials of the peer of a connected Unix socket (SO_PEERCRED).
typedef struct {
    pid_t pid;
    uid_t uid;
    gid_t gid;
} clinux_peer_credentials;

/// getsockopt(fd, SOL_SOCKET, SO_PEERCRED). Returns 0 or -1 with errno set.
int clinux_peer_credentials_get(int fd, clinux_peer_credentials *out);

/// accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK). Returns the fd or -1 with errno set.
int clinux_accept_nonblocking(int fd);

/// The value of errno, readable from Swift without a data race warning.
int clinux_errno(void);

#endif
