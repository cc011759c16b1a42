/*
 * Batched UDP I/O for Node.js: recvmmsg(2) and sendmmsg(2) on a socket watched by the event
 * loop's own poller (uv_poll), so that one wake-up reads up to BATCH datagrams, hands them to
 * JavaScript in one call, and sends every synchronous reply with one system call.
 *
 * Why: Node's dgram pays a system call, a Buffer, an rinfo object and a JS callback per datagram
 * in, and a request object and a system call per datagram out. For a DNS server whose answer
 * costs a few microseconds, that per-datagram cost is most of the work.
 *
 * Replies leave from the address the query was sent to: on a wildcard bind (0.0.0.0 or ::) the
 * destination of each query is read with IP_PKTINFO / IPV6_RECVPKTINFO and given back as the
 * source of its reply. Otherwise a host with several addresses (anycast) would answer from
 * whichever address the routing table picks, and clients drop replies from an unexpected source.
 *
 * Memory shared with JavaScript, all ArrayBuffers owned by V8 and kept alive by references:
 *   data   BATCH slots of SLOT_BYTES, one received datagram each
 *   meta   BATCH pairs of int32: datagram length, flags (FLAG_TRUNCATED)
 *   paths  BATCH return paths of PATH_BYTES (layout below); a copy of one is all sendTo needs
 *
 * Return path layout (PATH_BYTES = 64):
 *   [0, 28)   the peer's sockaddr_in or sockaddr_in6, as recvmmsg wrote it
 *   28        the peer's family as 4 or 6 (0 when unknown)
 *   29        the local address family from pktinfo as 4 or 6 (0: none, let the kernel choose)
 *   [32, 48)  the local address (IPv4 in the first 4 octets)
 *   [48, 52)  the interface index the datagram arrived on (host order)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <node_api.h>
#include <uv.h>

#define BATCH 64
#define SLOT_BYTES 65536
#define PATH_BYTES 64
#define CONTROL_BYTES 128 /* room for both IP_PKTINFO and IPV6_PKTINFO on a dual-stack socket */
/* Batches read per wake-up before the event loop gets a turn (timers, TCP, NATS). */
#define BATCHES_PER_WAKEUP 8
#define FLAG_TRUNCATED 1

typedef struct {
  uv_poll_t poll; /* first member: the uv handle pointer is the socket pointer */
  napi_env env;
  int fd;
  bool pktinfo;
  bool polling;
  bool poll_open; /* uv_poll_init done and uv_close not yet completed */
  bool js_released;
  bool closed; /* close() was called: no JS call reaches the socket any more */
  napi_ref on_batch;
  napi_ref resource;
  napi_ref buffers[3];
  napi_async_context async_context;
  uint8_t *data;
  int32_t *meta;
  uint8_t *paths;
  double received, sent, dropped;
  uint8_t control_in[BATCH][CONTROL_BYTES];
  uint8_t control_out[BATCH][CONTROL_BYTES];
  struct mmsghdr in[BATCH];
  struct iovec in_iov[BATCH];
  struct mmsghdr out[BATCH];
  struct iovec out_iov[BATCH];
} udp_socket;

static napi_value throw_errno(napi_env env, int err, const char *syscall) {
  const char *code = uv_err_name(uv_translate_sys_error(err));
  char message[160];
  snprintf(message, sizeof message, "%s %s: %s", syscall, code, strerror(err));
  napi_value code_value, message_value, error;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &message_value);
  napi_create_error(env, code_value, message_value, &error);
  napi_value errno_value, syscall_value;
  napi_create_int32(env, -err, &errno_value);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &syscall_value);
  napi_set_named_property(env, error, "errno", errno_value);
  napi_set_named_property(env, error, "syscall", syscall_value);
  napi_throw(env, error);
  return NULL;
}

static napi_value throw_type(napi_env env, const char *message) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
  return NULL;
}

static void maybe_free(udp_socket *s) {
  if (!s->poll_open && s->js_released) free(s);
}

static void on_poll_closed(uv_handle_t *handle) {
  udp_socket *s = (udp_socket *)handle;
  s->poll_open = false;
  maybe_free(s);
}

static void on_handle_released(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  udp_socket *s = data;
  s->js_released = true;
  maybe_free(s);
}

static udp_socket *socket_of(napi_env env, napi_value value) {
  void *data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == NULL) return NULL;
  udp_socket *s = data;
  return s->closed ? NULL : s;
}

/* Fills a reply's header from a return path: destination, and the source when pktinfo is on. */
static void address_reply(udp_socket *s, struct msghdr *h, uint8_t *path, uint8_t *control) {
  h->msg_name = path;
  h->msg_namelen = path[28] == 6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
  h->msg_control = NULL;
  h->msg_controllen = 0;
  h->msg_flags = 0;
  if (!s->pktinfo || path[29] == 0) return;
  memset(control, 0, CONTROL_BYTES);
  h->msg_control = control;
  struct cmsghdr *c = (struct cmsghdr *)control;
  if (path[29] == 4) {
    /* RFC 1122 §3.3.4.2 does not cover it, but every DNS server on a multi-homed host does the
       same: ipi_spec_dst picks the source; the interface is left to routing (index 0). */
    struct in_pktinfo info = {0};
    memcpy(&info.ipi_spec_dst, path + 32, 4);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof info);
    memcpy(CMSG_DATA(c), &info, sizeof info);
    h->msg_controllen = CMSG_SPACE(sizeof info);
  } else {
    struct in6_pktinfo info = {0};
    memcpy(&info.ipi6_addr, path + 32, 16);
    /* A link-local source needs its interface; any other is left to routing, as for IPv4. */
    if (IN6_IS_ADDR_LINKLOCAL(&info.ipi6_addr)) memcpy(&info.ipi6_ifindex, path + 48, 4);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof info);
    memcpy(CMSG_DATA(c), &info, sizeof info);
    h->msg_controllen = CMSG_SPACE(sizeof info);
  }
}

/* Records the family of the peer and the local address the datagram was sent to. */
static void note_return_path(udp_socket *s, int i) {
  uint8_t *path = s->paths + i * PATH_BYTES;
  struct msghdr *h = &s->in[i].msg_hdr;
  sa_family_t family = ((struct sockaddr *)path)->sa_family;
  path[28] = family == AF_INET6 ? 6 : family == AF_INET ? 4 : 0;
  path[29] = 0;
  if (!s->pktinfo) return;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR(h, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      struct in_pktinfo info;
      memcpy(&info, CMSG_DATA(c), sizeof info);
      path[29] = 4;
      memcpy(path + 32, &info.ipi_addr, 4);
      memcpy(path + 48, &info.ipi_ifindex, 4);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      struct in6_pktinfo info;
      memcpy(&info, CMSG_DATA(c), sizeof info);
      if (IN6_IS_ADDR_V4MAPPED(&info.ipi6_addr)) {
        /* A dual-stack socket may report an IPv4 destination this way. */
        path[29] = 4;
        memcpy(path + 32, (uint8_t *)&info.ipi6_addr + 12, 4);
      } else {
        path[29] = 6;
        memcpy(path + 32, &info.ipi6_addr, 16);
      }
      memcpy(path + 48, &info.ipi6_ifindex, 4);
    }
  }
}

/* The octets of a Uint8Array (a Buffer is one), or false for any other value. */
static bool uint8_view(napi_env env, napi_value value, void **data, size_t *bytes) {
  bool is_typed = false;
  napi_typedarray_type type;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return false;
  if (napi_get_typedarray_info(env, value, &type, bytes, data, NULL, NULL) != napi_ok) return false;
  return type == napi_uint8_array;
}

/* Sends out[0, count): one sendmmsg while the kernel takes them all. */
static void send_prepared(udp_socket *s, int count) {
  int done = 0;
  while (done < count) {
    int n = sendmmsg(s->fd, s->out + done, (unsigned)(count - done), MSG_DONTWAIT);
    if (n > 0) {
      done += n;
      s->sent += n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)) {
      /* The send buffer is full: UDP may lose datagrams, and the client will retry. */
      s->dropped += count - done;
      return;
    }
    /* This one reply cannot be sent (its peer's address, say): skip it, send the rest. */
    s->dropped += 1;
    done += 1;
  }
}

/* Sends the Uint8Array replies of a batch; other values (null, undefined) send nothing. */
static void send_replies(udp_socket *s, napi_value replies, int received) {
  napi_env env = s->env;
  bool is_array = false;
  if (napi_is_array(env, replies, &is_array) != napi_ok || !is_array) return;
  uint32_t length = 0;
  napi_get_array_length(env, replies, &length);
  int count = 0;
  for (int i = 0; i < received && (uint32_t)i < length; i++) {
    napi_value reply;
    size_t bytes;
    void *data;
    if (napi_get_element(env, replies, (uint32_t)i, &reply) != napi_ok) continue;
    if (!uint8_view(env, reply, &data, &bytes)) continue;
    struct msghdr *h = &s->out[count].msg_hdr;
    s->out_iov[count].iov_base = data;
    s->out_iov[count].iov_len = bytes;
    h->msg_iov = &s->out_iov[count];
    h->msg_iovlen = 1;
    address_reply(s, h, s->paths + i * PATH_BYTES, s->control_out[count]);
    count++;
  }
  if (count > 0) send_prepared(s, count);
}

static void on_readable(uv_poll_t *poll, int status, int events) {
  (void)events;
  udp_socket *s = (udp_socket *)poll;
  if (status < 0 || !s->polling) return;
  napi_env env = s->env;
  for (int round = 0; round < BATCHES_PER_WAKEUP && s->polling; round++) {
    for (int i = 0; i < BATCH; i++) {
      struct msghdr *h = &s->in[i].msg_hdr;
      h->msg_namelen = sizeof(struct sockaddr_in6);
      h->msg_control = s->pktinfo ? s->control_in[i] : NULL;
      h->msg_controllen = s->pktinfo ? CONTROL_BYTES : 0;
      h->msg_flags = 0;
    }
    int n = recvmmsg(s->fd, s->in, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* EAGAIN: drained. Other errors are per-datagram (ICMP) and pass. */
    s->received += n;
    for (int i = 0; i < n; i++) {
      s->meta[2 * i] = (int32_t)s->in[i].msg_len;
      s->meta[2 * i + 1] = (s->in[i].msg_hdr.msg_flags & MSG_TRUNC) ? FLAG_TRUNCATED : 0;
      note_return_path(s, i);
    }
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    napi_value resource, on_batch, argv[1], replies;
    napi_get_reference_value(env, s->resource, &resource);
    napi_get_reference_value(env, s->on_batch, &on_batch);
    napi_create_int32(env, n, &argv[0]);
    /* make_callback runs the microtasks and process.nextTick queue afterwards, as for any I/O. */
    napi_status called = napi_make_callback(env, s->async_context, resource, on_batch, 1, argv, &replies);
    if (called == napi_ok) {
      if (s->polling) send_replies(s, replies, n);
    } else {
      bool pending = false;
      napi_is_exception_pending(env, &pending);
      if (pending) {
        napi_value error;
        napi_get_and_clear_last_exception(env, &error);
        napi_fatal_exception(env, error);
      }
    }
    napi_close_handle_scope(env, scope);
    if (n < BATCH) return;
  }
}

static bool get_string(napi_env env, napi_value value, char *out, size_t size) {
  size_t length;
  return napi_get_value_string_utf8(env, value, out, size, &length) == napi_ok && length < size - 1;
}

/* open(address: string, port: number, reusePort: boolean, bufferBytes: number)
     -> { handle, port, data: ArrayBuffer, meta: ArrayBuffer, paths: ArrayBuffer, batch, slotBytes } */
static napi_value Open(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 4) return throw_type(env, "open(address, port, reusePort, bufferBytes)");
  char address[INET6_ADDRSTRLEN + 1];
  if (!get_string(env, argv[0], address, sizeof address)) return throw_type(env, "address must be an IP address");
  int32_t port, buffer_bytes;
  bool reuse_port;
  if (napi_get_value_int32(env, argv[1], &port) != napi_ok || port < 0 || port > 65535)
    return throw_type(env, "port must be 0-65535");
  if (napi_get_value_bool(env, argv[2], &reuse_port) != napi_ok) return throw_type(env, "reusePort must be a boolean");
  if (napi_get_value_int32(env, argv[3], &buffer_bytes) != napi_ok) return throw_type(env, "bufferBytes must be a number");

  struct sockaddr_storage bind_address;
  memset(&bind_address, 0, sizeof bind_address);
  socklen_t bind_length;
  bool wildcard;
  int family;
  struct sockaddr_in *v4 = (struct sockaddr_in *)&bind_address;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&bind_address;
  if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
    family = AF_INET;
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    bind_length = sizeof *v4;
    wildcard = v4->sin_addr.s_addr == htonl(INADDR_ANY);
  } else if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    bind_length = sizeof *v6;
    wildcard = IN6_IS_ADDR_UNSPECIFIED(&v6->sin6_addr);
  } else {
    return throw_type(env, "address must be an IPv4 or IPv6 address literal");
  }

  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket");
  int on = 1, off = 0;
  if (family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off); /* as Node's udp6 */
  if (reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "setsockopt");
  }
  if (buffer_bytes > 0) {
    /* The kernel caps these at net.core.[rw]mem_max; the defaults still work. */
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
  }
  if (wildcard) {
    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
    if (family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on);
  }
  if (bind(fd, (struct sockaddr *)&bind_address, bind_length) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "bind");
  }
  struct sockaddr_storage bound;
  socklen_t bound_length = sizeof bound;
  getsockname(fd, (struct sockaddr *)&bound, &bound_length);
  int bound_port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&bound)->sin_port
                                           : ((struct sockaddr_in6 *)&bound)->sin6_port);

  udp_socket *s = calloc(1, sizeof *s);
  if (s == NULL) {
    close(fd);
    return throw_errno(env, ENOMEM, "calloc");
  }
  s->env = env;
  s->fd = fd;
  s->pktinfo = wildcard;

  napi_value result, handle, data, meta, paths, value;
  void *memory;
  napi_create_object(env, &result);
  napi_create_arraybuffer(env, (size_t)BATCH * SLOT_BYTES, &memory, &data);
  s->data = memory;
  napi_create_arraybuffer(env, (size_t)BATCH * 2 * sizeof(int32_t), &memory, &meta);
  s->meta = memory;
  napi_create_arraybuffer(env, (size_t)BATCH * PATH_BYTES, &memory, &paths);
  s->paths = memory;
  napi_create_reference(env, data, 1, &s->buffers[0]);
  napi_create_reference(env, meta, 1, &s->buffers[1]);
  napi_create_reference(env, paths, 1, &s->buffers[2]);
  for (int i = 0; i < BATCH; i++) {
    s->in_iov[i].iov_base = s->data + (size_t)i * SLOT_BYTES;
    s->in_iov[i].iov_len = SLOT_BYTES;
    s->in[i].msg_hdr.msg_iov = &s->in_iov[i];
    s->in[i].msg_hdr.msg_iovlen = 1;
    s->in[i].msg_hdr.msg_name = s->paths + i * PATH_BYTES;
  }
  napi_create_external(env, s, on_handle_released, NULL, &handle);
  napi_set_named_property(env, result, "handle", handle);
  napi_create_int32(env, bound_port, &value);
  napi_set_named_property(env, result, "port", value);
  napi_set_named_property(env, result, "data", data);
  napi_set_named_property(env, result, "meta", meta);
  napi_set_named_property(env, result, "paths", paths);
  napi_create_int32(env, BATCH, &value);
  napi_set_named_property(env, result, "batch", value);
  napi_create_int32(env, SLOT_BYTES, &value);
  napi_set_named_property(env, result, "slotBytes", value);
  napi_create_int32(env, PATH_BYTES, &value);
  napi_set_named_property(env, result, "pathBytes", value);
  return result;
}

/* start(handle, resource: object, onBatch: (count) => Array<Uint8Array | null>) */
static napi_value Start(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  udp_socket *s = argc >= 3 ? socket_of(env, argv[0]) : NULL;
  if (s == NULL) return throw_type(env, "start(handle, resource, onBatch) on an open socket");
  if (s->poll_open) return throw_type(env, "already started");
  napi_valuetype type;
  napi_typeof(env, argv[2], &type);
  if (type != napi_function) return throw_type(env, "onBatch must be a function");
  uv_loop_t *loop;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) return throw_type(env, "no event loop");
  int err = uv_poll_init(loop, &s->poll, s->fd);
  if (err != 0) return throw_errno(env, -err, "uv_poll_init");
  s->poll_open = true;
  napi_create_reference(env, argv[1], 1, &s->resource);
  napi_create_reference(env, argv[2], 1, &s->on_batch);
  napi_value name;
  napi_create_string_utf8(env, "BatchedUdpSocket", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, argv[1], name, &s->async_context);
  s->polling = true;
  err = uv_poll_start(&s->poll, UV_READABLE, on_readable);
  if (err != 0) return throw_errno(env, -err, "uv_poll_start");
  return NULL;
}

/* sendTo(handle, message: Uint8Array, returnPath: Uint8Array) -> boolean (false: dropped) */
static napi_value SendTo(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  udp_socket *s = argc >= 3 ? socket_of(env, argv[0]) : NULL;
  if (s == NULL) return throw_type(env, "sendTo(handle, message, returnPath) on an open socket");
  size_t bytes, path_bytes;
  void *data, *path;
  if (!uint8_view(env, argv[1], &data, &bytes)) return throw_type(env, "message must be a Uint8Array");
  if (!uint8_view(env, argv[2], &path, &path_bytes) || path_bytes != PATH_BYTES)
    return throw_type(env, "returnPath must be a Uint8Array taken from a received datagram");
  uint8_t path_copy[PATH_BYTES];
  memcpy(path_copy, path, PATH_BYTES);
  struct msghdr *h = &s->out[0].msg_hdr;
  s->out_iov[0].iov_base = data;
  s->out_iov[0].iov_len = bytes;
  h->msg_iov = &s->out_iov[0];
  h->msg_iovlen = 1;
  address_reply(s, h, path_copy, s->control_out[0]);
  double before = s->sent;
  send_prepared(s, 1);
  napi_value sent;
  napi_get_boolean(env, s->sent > before, &sent);
  return sent;
}

/* stats(handle) -> { received, sent, dropped } */
static napi_value Stats(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *data = NULL;
  if (argc < 1 || napi_get_value_external(env, argv[0], &data) != napi_ok || data == NULL)
    return throw_type(env, "stats(handle)");
  udp_socket *s = data;
  napi_value result, value;
  napi_create_object(env, &result);
  napi_create_double(env, s->received, &value);
  napi_set_named_property(env, result, "received", value);
  napi_create_double(env, s->sent, &value);
  napi_set_named_property(env, result, "sent", value);
  napi_create_double(env, s->dropped, &value);
  napi_set_named_property(env, result, "dropped", value);
  return result;
}

/* close(handle): stops reading and closes the descriptor. */
static napi_value Close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  udp_socket *s = argc >= 1 ? socket_of(env, argv[0]) : NULL;
  if (s == NULL) return NULL; /* closing twice is harmless */
  s->polling = false;
  s->closed = true;
  for (int i = 0; i < 3; i++) {
    napi_delete_reference(env, s->buffers[i]);
    s->buffers[i] = NULL;
  }
  if (s->on_batch) napi_delete_reference(env, s->on_batch);
  if (s->resource) napi_delete_reference(env, s->resource);
  if (s->async_context) napi_async_destroy(env, s->async_context);
  s->on_batch = s->resource = NULL;
  s->async_context = NULL;
  if (s->poll_open) {
    /* uv_poll_stop takes the descriptor out of epoll at once (uv__platform_invalidate_fd), so it
       can be closed now and the port is free when close() returns; the handle itself is
       released by the loop later, in on_poll_closed. */
    uv_poll_stop(&s->poll);
    uv_close((uv_handle_t *)&s->poll, on_poll_closed);
  }
  close(s->fd);
  s->fd = -1;
  return NULL;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"open", NULL, Open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"start", NULL, Start, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sendTo", NULL, SendTo, NULL, NULL, NULL, napi_enumerable, NULL},
      {"stats", NULL, Stats, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, Close, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
