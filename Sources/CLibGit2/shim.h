#ifndef KILN_CLIBGIT2_SHIM_H
#define KILN_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/stream.h>

/*
 * Kiln's socket stream, registered as libgit2's GIT_STREAM_STANDARD so that every transfer has a deadline.
 *
 * The first four fields repeat libgit2 1.5's private `git_socket_stream` (src/libgit2/streams/socket.h) in order
 * and type: the ssh transport casts the standard stream to that type and hands `s` to libssh2, so the layout must
 * match for SSH to work. Kiln's own fields follow.
 */
typedef struct kiln_socket_stream {
    git_stream parent;
    char *host;
    char *port;
    int s;
    /* The transfer this stream belongs to (a retained TransferContext), or NULL outside a transfer. */
    void *transfer;
} kiln_socket_stream;

/*
 * git_libgit2_opts is variadic, which Swift cannot call: one fixed-argument wrapper per option Kiln sets.
 * Sets the file of certificate authorities TLS connections trust (with mbedTLS it replaces the loaded chain).
 */
static inline int kiln_set_ssl_cert_file(const char *file) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, (const char *)0);
}

/* The most pack files libgit2 keeps open at once (0: no limit, its default); it closes the least recently used. */
static inline int kiln_set_mwindow_file_limit(size_t limit) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT, limit);
}

#endif
