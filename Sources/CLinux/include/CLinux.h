// CLinux: the few Linux calls that Swift cannot import without _GNU_SOURCE.
// Kept tiny on purpose (as swift-nio's CNIOLinux): everything else is called from Swift.
#ifndef CLINUX_H
#define CLINUX_H

#include <spawn.h>
#include <sys/types.h>

/// Credentials of the peer of a connected Unix socket (SO_PEERCRED).
typedef struct {
    pid_t pid;
    uid_t uid;
    gid_t gid;
} clinux_peer_credentials;

/// getsockopt(fd, SOL_SOCKET, SO_PEERCRED). Returns 0 or -1 with errno set.
int clinux_peer_credentials_get(int fd, clinux_peer_credentials *out);

/// getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS) (Linux 4.13): the supplementary groups the peer of a
/// connected Unix socket had when it connected. `*count` is the capacity of `out` on entry and the
/// number of groups on return. Returns 0, or -1 with errno set: ERANGE when `out` is too small
/// (`*count` then says how many there are), ENOPROTOOPT on kernels without it.
int clinux_peer_groups_get(int fd, gid_t *out, int *count);

/// accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK). Returns the fd or -1 with errno set.
int clinux_accept_nonblocking(int fd);

/// The value of errno, readable from Swift without a data race warning.
int clinux_errno(void);

/// pipe2(fds, O_CLOEXEC). Returns 0 or -1 with errno set.
int clinux_pipe_cloexec(int fds[2]);

/// pidfd_open(pid, 0) (Linux 5.3): a descriptor that becomes readable when the process exits.
/// Returns the fd (close-on-exec) or -1 with errno set.
int clinux_pidfd_open(pid_t pid);

/// posix_spawn_file_actions_addclosefrom_np(actions, from) (glibc 2.34): the child closes every
/// descriptor from `from` up, so it inherits nothing but what the actions set up.
int clinux_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/// The process environment (`environ`), NULL-terminated `NAME=value` strings.
char **clinux_environ(void);

/// renameat2(olddirfd, oldname, newdirfd, newname, RENAME_NOREPLACE) (Linux 3.15): fails with
/// EEXIST instead of replacing an existing entry. Returns 0 or -1 with errno set (EINVAL or
/// ENOSYS where the file system or kernel does not support the flag).
int clinux_renameat_noreplace(int olddirfd, const char *oldname, int newdirfd, const char *newname);

#endif
