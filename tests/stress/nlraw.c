// SPDX-License-Identifier: GPL-2.0
/*
 * nlraw.c - raw generic netlink for the stress tests (see nlraw.h).
 *
 * Contents:
 *  (i)   the socket: open, resolve the family, send, receive with a
 *        deadline
 *  (ii)  building and parsing messages
 *  (iii) one request and its final answer (ack, error or end of dump)
 *  (iv)  the burnvmm requests every stress test needs
 *
 * Written against the netlink framing rules of the kernel itself
 * (netlink_rcv_skb, nla_ok), not against libnl, so that what the tests
 * corrupt is exactly what the kernel sees.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "nlraw.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* (i) The socket. */

int nlr_open(struct nlr_sock *s, int timeout_ms)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	int one = 1, rcvbuf = 1 << 20;

	memset(s, 0, offsetof(struct nlr_sock, rbuf));
	s->timeout_ms = timeout_ms;
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(s->fd, (struct sockaddr *)&sa, &salen)) {
		int err = -errno;

		close(s->fd);
		s->fd = -1;
		return err;
	}
	s->port = sa.nl_pid;
	s->seq = (uint32_t)time(NULL);
	/* Best effort: a small buffer only makes overruns likelier. */
	setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return 0;
}

void nlr_close(struct nlr_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

uint32_t nlr_next_seq(struct nlr_sock *s)
{
	if (++s->seq == 0)	/* 0 is what events carry */
		s->seq = 1;
	return s->seq;
}

int nlr_send(struct nlr_sock *s, const void *buf, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	ssize_t n;

	n = sendto(s->fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to));
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

static int64_t nlr_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int nlr_recv(struct nlr_sock *s, int wait_ms)
{
	int64_t deadline = nlr_now_ms() + wait_ms;
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	ssize_t n;
	int left;

	for (;;) {
		n = recv(s->fd, s->rbuf, sizeof(s->rbuf), MSG_DONTWAIT);
		if (n >= 0)
			return (int)n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		left = (int)(deadline - nlr_now_ms());
		if (wait_ms == 0)
			return -EAGAIN;
		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			return -errno;
	}
}

void nlr_drain(struct nlr_sock *s)
{
	int i;

	/* Bounded: a socket that keeps receiving cannot hold us here. */
	for (i = 0; i < 4096; i++) {
		int n = nlr_recv(s, 0);

		if (n < 0 && n != -ENOBUFS)
			return;
	}
}

/* (ii) Building and parsing. */

void nlr_msg_init(struct nlr_msg *m, uint16_t type, uint16_t flags,
		  uint32_t seq, uint8_t cmd)
{
	struct genlmsghdr *g = NLMSG_DATA(&m->nlh);

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = flags;
	m->nlh.nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = BURNVMM_GENL_VERSION;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlr_msg_seal(m);
}

int nlr_put(struct nlr_msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *nla = (struct nlattr *)(m->buf + m->len);
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	if (len > 0xffff - NLA_HDRLEN || m->len + total > sizeof(m->buf))
		return -EMSGSIZE;
	nla->nla_type = type;
	nla->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((uint8_t *)nla + NLA_HDRLEN, data, len);
	memset((uint8_t *)nla + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	m->len += total;
	nlr_msg_seal(m);
	return 0;
}

int nlr_put_u32(struct nlr_msg *m, uint16_t type, uint32_t val)
{
	return nlr_put(m, type, &val, sizeof(val));
}

int nlr_put_u64(struct nlr_msg *m, uint16_t type, uint64_t val)
{
	return nlr_put(m, type, &val, sizeof(val));
}

void nlr_msg_seal(struct nlr_msg *m)
{
	m->nlh.nlmsg_len = (uint32_t)m->len;
}

int nlr_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
	      int maxtype)
{
	const uint8_t *p = (const uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	int rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct nlattr *nla;

	memset(tb, 0, sizeof(*tb) * (maxtype + 1));
	if (rem < 0)
		return -EINVAL;
	while (rem >= NLA_HDRLEN) {
		nla = (const struct nlattr *)p;
		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > rem)
			return -EINVAL;
		if ((nla->nla_type & NLA_TYPE_MASK) <= maxtype)
			tb[nla->nla_type & NLA_TYPE_MASK] = nla;
		rem -= NLA_ALIGN(nla->nla_len);
		p += NLA_ALIGN(nla->nla_len);
	}
	return 0;
}

/* Little-endian host: a short attribute (a u16 family id) reads right. */
static uint64_t nlr_get_uint(const struct nlattr *nla, size_t size)
{
	size_t len = nla->nla_len - NLA_HDRLEN;
	uint64_t v = 0;

	memcpy(&v, (const uint8_t *)nla + NLA_HDRLEN, len < size ? len : size);
	return v;
}

uint32_t nlr_get_u32(const struct nlattr *nla)
{
	return (uint32_t)nlr_get_uint(nla, sizeof(uint32_t));
}

uint64_t nlr_get_u64(const struct nlattr *nla)
{
	return nlr_get_uint(nla, sizeof(uint64_t));
}

/* The extack message of an error (NLMSGERR_ATTR_MSG), if there is one. */
static void nlr_extack(struct nlr_sock *s, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	const struct nlattr *nla;

	s->errmsg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLMSG_ALIGN(off);
	while (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		nla = (const struct nlattr *)((const uint8_t *)nlh + off);
		if (nla->nla_len < NLA_HDRLEN ||
		    off + nla->nla_len > nlh->nlmsg_len)
			return;
		if (nla->nla_type == NLMSGERR_ATTR_MSG) {
			snprintf(s->errmsg, sizeof(s->errmsg), "%.*s",
				 (int)(nla->nla_len - NLA_HDRLEN),
				 (const char *)nla + NLA_HDRLEN);
			return;
		}
		off += NLA_ALIGN(nla->nla_len);
	}
}

/*
 * (iii) nlr_transact.  Replies are matched by sequence number: events
 * (sequence 0) and leftovers of earlier requests are skipped.
 */
static int nlr_answer(struct nlr_sock *s, const struct nlmsghdr *nlh,
		      uint32_t seq, nlr_reply_fn fn, void *arg, bool *done)
{
	if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != s->port)
		return 0;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		*done = true;
		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
			return -EPROTO;
		if (e->error)
			nlr_extack(s, nlh);
		return e->error;
	}
	if (nlh->nlmsg_type == NLMSG_DONE) {
		*done = true;
		if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
			return *(const int *)NLMSG_DATA(nlh);
		return 0;
	}
	return fn ? fn(nlh, arg) : 0;
}

int nlr_transact(struct nlr_sock *s, struct nlr_msg *m, nlr_reply_fn fn,
		 void *arg)
{
	uint32_t seq = m->nlh.nlmsg_seq;
	bool done = false;
	int err, first = 0, n;

	s->errmsg[0] = '\0';
	s->answered = false;
	err = nlr_send(s, m->buf, m->nlh.nlmsg_len);
	if (err)
		return err;
	while (!done) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)s->rbuf;

		n = nlr_recv(s, s->timeout_ms);
		if (n < 0)
			return n;
		for (; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			err = nlr_answer(s, nlh, seq, fn, arg, &done);
			if (err && !first)
				first = err;
		}
	}
	s->answered = true;
	return first;
}

/* (iv) burnvmm requests. */

static void burn_msg(struct nlr_sock *s, struct nlr_msg *m, uint8_t cmd,
		     bool dump)
{
	nlr_msg_init(m, (uint16_t)s->family,
		     NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK),
		     nlr_next_seq(s), cmd);
}

static int burn_info_reply(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[BURNVMM_A_MAX + 1];
	struct burn_info *bi = arg;

	if (nlr_parse(nlh, tb, BURNVMM_A_MAX) || !tb[BURNVMM_A_NR_VMS] ||
	    !tb[BURNVMM_A_MAX_VMS] || !tb[BURNVMM_A_MEM_IN_USE] ||
	    !tb[BURNVMM_A_MAX_MEM])
		return -EPROTO;
	bi->nr_vms = nlr_get_u32(tb[BURNVMM_A_NR_VMS]);
	bi->max_vms = nlr_get_u32(tb[BURNVMM_A_MAX_VMS]);
	bi->mem_in_use = nlr_get_u64(tb[BURNVMM_A_MEM_IN_USE]);
	bi->max_mem = nlr_get_u64(tb[BURNVMM_A_MAX_MEM]);
	return 0;
}

int burn_get_info(struct nlr_sock *s, struct burn_info *bi)
{
	struct nlr_msg m;

	memset(bi, 0, sizeof(*bi));
	burn_msg(s, &m, BURNVMM_CMD_GET_INFO, false);
	return nlr_transact(s, &m, burn_info_reply, bi);
}

int burn_vm_from_attrs(const struct nlmsghdr *nlh, struct burn_vmrec *vm)
{
	const struct nlattr *tb[BURNVMM_A_MAX + 1];

	if (nlr_parse(nlh, tb, BURNVMM_A_MAX) || !tb[BURNVMM_A_VM_ID] ||
	    !tb[BURNVMM_A_MEM_SIZE] || !tb[BURNVMM_A_OWNER_PORT] ||
	    !tb[BURNVMM_A_OWNER_UID] || !tb[BURNVMM_A_STATE] ||
	    !tb[BURNVMM_A_CREATED_NS])
		return -EPROTO;
	vm->id = nlr_get_u32(tb[BURNVMM_A_VM_ID]);
	vm->mem = nlr_get_u64(tb[BURNVMM_A_MEM_SIZE]);
	vm->owner_port = nlr_get_u32(tb[BURNVMM_A_OWNER_PORT]);
	vm->owner_uid = nlr_get_u32(tb[BURNVMM_A_OWNER_UID]);
	vm->state = nlr_get_u32(tb[BURNVMM_A_STATE]);
	vm->created_ns = nlr_get_u64(tb[BURNVMM_A_CREATED_NS]);
	return 0;
}

static int burn_list_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct burn_vmlist *vl = arg;

	if (vl->n >= BURN_VMS_MAX)
		return -E2BIG;
	return burn_vm_from_attrs(nlh, &vl->vm[vl->n++]);
}

int burn_list(struct nlr_sock *s, struct burn_vmlist *vl)
{
	struct nlr_msg m;

	vl->n = 0;
	burn_msg(s, &m, BURNVMM_CMD_VM_LIST, true);
	return nlr_transact(s, &m, burn_list_reply, vl);
}

static int burn_vm_reply(const struct nlmsghdr *nlh, void *arg)
{
	return burn_vm_from_attrs(nlh, arg);
}

int burn_create(struct nlr_sock *s, uint64_t mem, struct burn_vmrec *vm)
{
	struct nlr_msg m;

	memset(vm, 0, sizeof(*vm));
	burn_msg(s, &m, BURNVMM_CMD_VM_CREATE, false);
	nlr_put_u64(&m, BURNVMM_A_MEM_SIZE, mem);
	return nlr_transact(s, &m, burn_vm_reply, vm);
}

int burn_destroy(struct nlr_sock *s, uint32_t id)
{
	struct nlr_msg m;

	burn_msg(s, &m, BURNVMM_CMD_VM_DESTROY, false);
	nlr_put_u32(&m, BURNVMM_A_VM_ID, id);
	return nlr_transact(s, &m, NULL, NULL);
}

int burn_vm_info(struct nlr_sock *s, uint32_t id, struct burn_vmrec *vm)
{
	struct nlr_msg m;

	memset(vm, 0, sizeof(*vm));
	burn_msg(s, &m, BURNVMM_CMD_VM_INFO, false);
	nlr_put_u32(&m, BURNVMM_A_VM_ID, id);
	return nlr_transact(s, &m, burn_vm_reply, vm);
}

const struct burn_vmrec *burn_vmlist_find(const struct burn_vmlist *vl,
					  uint32_t id)
{
	int i;

	for (i = 0; i < vl->n; i++)
		if (vl->vm[i].id == id)
			return &vl->vm[i];
	return NULL;
}

/*
 * (i, continued) nlr_resolve - CTRL_CMD_GETFAMILY for @name, as any
 * genl client does; the module may be absent (-ENOENT).
 */
static int nlr_family_reply(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	int *family = arg;

	if (nlr_parse(nlh, tb, CTRL_ATTR_MAX) || !tb[CTRL_ATTR_FAMILY_ID])
		return -EPROTO;
	*family = (uint16_t)nlr_get_u32(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

int nlr_resolve(struct nlr_sock *s, const char *name)
{
	struct nlr_msg m;
	int family = -1, err;

	nlr_msg_init(&m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK,
		     nlr_next_seq(s), CTRL_CMD_GETFAMILY);
	((struct genlmsghdr *)NLMSG_DATA(&m.nlh))->version = 1;
	err = nlr_put(&m, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
	if (!err)
		err = nlr_transact(s, &m, nlr_family_reply, &family);
	if (err)
		return err;
	s->family = family;
	return 0;
}
