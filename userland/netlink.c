// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - the generic netlink transport of burnctl (see netlink.h).
 *
 * libnl builds and parses messages; the receive loop is ours, because we
 * need three things libnl's defaults do not give together: the kernel's
 * extended-ack error message, unsolicited VM_ENDED events interleaved with
 * replies on the same socket, and an explicit end condition for both
 * single replies (an ACK) and dumps (NLMSG_DONE).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/netlink.h>
#include "netlink.h"

/* State of one request while its answer is being received. */
struct burn_nl_wait {
	struct burn_nl *nl;
	burn_nl_reply_fn fn;
	void *arg;
	int err;
	bool done;
};

int burn_nl_open(struct burn_nl *nl)
{
	int one = 1, err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	err = genl_connect(nl->sk);
	if (err < 0) {
		err = -EIO;
		goto free_sock;
	}
	/*
	 * Console events can be larger than a page, and a chatty guest
	 * sends many: peek at each message's size before reading it, and
	 * give the kernel room to queue output while we write it out.
	 */
	nl_socket_enable_msg_peek(nl->sk);
	nl_socket_set_buffer_size(nl->sk, 1 << 20, 0);
	/* Ask for error strings (extack) and acks without the request. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	/*
	 * A guest writing its console in many tiny pieces can fill even
	 * that buffer.  The module then retries its CONSOLE events, so
	 * nothing is lost, but the kernel would also mark the socket with
	 * ENOBUFS, which libnl reports as "Out of memory" on the next
	 * receive.  Overruns are expected and recovered from (see
	 * burn_nl_query_end()), so do not have them reported as errors.
	 */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_NO_ENOBUFS,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, BURNVMM_GENL_NAME);
	if (nl->family < 0) {
		err = -ENOENT;
		goto free_sock;
	}
	return 0;

free_sock:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

void burn_nl_close(struct burn_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

int burn_nl_fd(struct burn_nl *nl)
{
	return nl_socket_get_fd(nl->sk);
}

uint32_t burn_nl_port(struct burn_nl *nl)
{
	return nl_socket_get_local_port(nl->sk);
}

struct nl_msg *burn_nl_msg(struct burn_nl *nl, uint8_t cmd, bool dump)
{
	/* Room for the largest request, a VM_MEM_WRITE. */
	struct nl_msg *msg = nlmsg_alloc_size(BURNVMM_MEM_WRITE_MAX + 4096);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 dump ? NLM_F_DUMP : NLM_F_ACK, cmd,
			 BURNVMM_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

void burn_nl_put_u32(struct nl_msg **msg, int attr, uint32_t val)
{
	if (*msg && nla_put_u32(*msg, attr, val) < 0) {
		nlmsg_free(*msg);
		*msg = NULL;
	}
}

void burn_nl_put_u64(struct nl_msg **msg, int attr, uint64_t val)
{
	if (*msg && nla_put_u64(*msg, attr, val) < 0) {
		nlmsg_free(*msg);
		*msg = NULL;
	}
}

void burn_nl_put_data(struct nl_msg **msg, int attr, const void *data,
		      size_t len)
{
	if (*msg && nla_put(*msg, attr, (int)len, data) < 0) {
		nlmsg_free(*msg);
		*msg = NULL;
	}
}

/* Keep a VM_ENDED event for whoever waits for it. */
static void burn_nl_store_event(struct burn_nl *nl, struct nlattr **tb)
{
	if (!tb[BURNVMM_A_VM_ID])
		return;
	nl->ended_pending = true;
	nl->ended_id = nla_get_u32(tb[BURNVMM_A_VM_ID]);
	snprintf(nl->ended_reason, sizeof(nl->ended_reason), "%s",
		 tb[BURNVMM_A_END_REASON] ?
		 nla_get_string(tb[BURNVMM_A_END_REASON]) : "unknown");
	nl->ended_kind = tb[BURNVMM_A_END_KIND] ?
		nla_get_u32(tb[BURNVMM_A_END_KIND]) : BURNVMM_END_NONE;
	nl->ended_status = tb[BURNVMM_A_EXIT_STATUS] ?
		nla_get_u32(tb[BURNVMM_A_EXIT_STATUS]) : 0;
}

/* Pass a CONSOLE event's bytes on. */
static void burn_nl_console_event(struct burn_nl *nl, struct nlattr **tb)
{
	if (!nl->console_fn || !tb[BURNVMM_A_VM_ID] || !tb[BURNVMM_A_DATA])
		return;
	nl->console_fn(nla_get_u32(tb[BURNVMM_A_VM_ID]),
		       nla_data(tb[BURNVMM_A_DATA]),
		       (size_t)nla_len(tb[BURNVMM_A_DATA]), nl->console_arg);
}

/*
 * Keep a BLOCK_REQUEST for the command loop.  A malformed one (or a
 * second while one waits, which the module never sends) is dropped.
 */
static void burn_nl_block_event(struct burn_nl *nl, struct nlattr **tb)
{
	struct burn_block_req *r = nl->block_req;
	size_t len = 0;

	if (!r || r->pending || !tb[BURNVMM_A_VM_ID] ||
	    !tb[BURNVMM_A_BLOCK_OP] || !tb[BURNVMM_A_BLOCK_SECTOR] ||
	    !tb[BURNVMM_A_BLOCK_COUNT])
		return;
	if (tb[BURNVMM_A_DATA]) {
		len = (size_t)nla_len(tb[BURNVMM_A_DATA]);
		if (len > sizeof(r->data))
			return;
		memcpy(r->data, nla_data(tb[BURNVMM_A_DATA]), len);
	}
	r->id = nla_get_u32(tb[BURNVMM_A_VM_ID]);
	r->op = nla_get_u32(tb[BURNVMM_A_BLOCK_OP]);
	r->sector = nla_get_u64(tb[BURNVMM_A_BLOCK_SECTOR]);
	r->count = nla_get_u32(tb[BURNVMM_A_BLOCK_COUNT]);
	r->len = len;
	r->pending = true;
}

static int burn_nl_on_valid(struct nl_msg *msg, void *data)
{
	struct burn_nl_wait *w = data;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct nlattr *tb[BURNVMM_A_MAX + 1];
	int err;

	if (nlh->nlmsg_type != w->nl->family)
		return NL_SKIP;
	if (genlmsg_parse(nlh, 0, tb, BURNVMM_A_MAX, NULL) < 0)
		return NL_SKIP;
	if (gnlh->cmd == BURNVMM_CMD_VM_ENDED) {
		burn_nl_store_event(w->nl, tb);
		return NL_OK;
	}
	if (gnlh->cmd == BURNVMM_CMD_CONSOLE) {
		burn_nl_console_event(w->nl, tb);
		return NL_OK;
	}
	if (gnlh->cmd == BURNVMM_CMD_BLOCK_REQUEST) {
		burn_nl_block_event(w->nl, tb);
		return NL_OK;
	}
	if (w->fn && !w->err) {
		err = w->fn(tb, w->arg);
		if (err)
			w->err = err;
	}
	return NL_OK;
}

/* The kernel's error string, from the NLMSGERR_ATTR_MSG ext-ack TLV. */
static void burn_nl_extack(struct burn_nl *nl, struct nlmsgerr *e)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len;

	nl->errmsg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* With NETLINK_CAP_ACK the TLVs follow the bare nlmsgerr. */
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(*e);
	if (len <= 0 || nla_parse(tb, NLMSGERR_ATTR_MAX,
				  (struct nlattr *)(e + 1), len, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
}

static int burn_nl_on_error(struct sockaddr_nl *who, struct nlmsgerr *e,
			    void *data)
{
	struct burn_nl_wait *w = data;

	(void)who;
	burn_nl_extack(w->nl, e);
	if (!w->err)
		w->err = e->error;
	w->done = true;
	return NL_STOP;
}

static int burn_nl_on_done(struct nl_msg *msg, void *data)
{
	struct burn_nl_wait *w = data;

	(void)msg;
	w->done = true;
	return NL_STOP;
}

/*
 * Events carry sequence number 0 and may arrive between a request and its
 * reply, so libnl's sequence check (part of every callback set) must go;
 * answers are told apart by message type instead.
 */
static int burn_nl_any_seq(struct nl_msg *msg, void *data)
{
	(void)msg;
	(void)data;
	return NL_OK;
}

/*
 * Everything burnctl acts on (answers, VM_ENDED, CONSOLE, BLOCK_REQUEST)
 * must come from the kernel, port 0.  A generic netlink socket takes
 * unicasts from other sockets too (the sender needs CAP_NET_ADMIN, but
 * may be another user's process); without this check such a sender
 * could end our VM, feed our console or, worst, have us write its bytes
 * into our disk image.  Runs before every other callback, acks and
 * errors included.
 */
static int burn_nl_from_kernel(struct nl_msg *msg, void *data)
{
	const struct sockaddr_nl *src = nlmsg_get_src(msg);

	(void)data;
	return src && src->nl_pid == 0 ? NL_OK : NL_SKIP;
}

static struct nl_cb *burn_nl_callbacks(struct burn_nl_wait *w)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_MSG_IN, NL_CB_CUSTOM, burn_nl_from_kernel, NULL);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, burn_nl_any_seq, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, burn_nl_on_valid, w);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, burn_nl_on_done, w);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, burn_nl_on_done, w);
	nl_cb_err(cb, NL_CB_CUSTOM, burn_nl_on_error, w);
	return cb;
}

int burn_nl_request(struct burn_nl *nl, struct nl_msg *msg, burn_nl_reply_fn fn,
		    void *arg)
{
	struct burn_nl_wait w = { .nl = nl, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int err;

	nl->errmsg[0] = '\0';
	if (!msg)
		return -ENOMEM;
	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (err < 0)
		return -EIO;
	cb = burn_nl_callbacks(&w);
	if (!cb)
		return -ENOMEM;
	while (!w.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !w.done) {
			w.err = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	return w.err;
}

/*
 * Read one datagram's worth of events without blocking: 1 if something
 * was read, 0 if nothing was waiting, -EIO on a real error.  An overrun
 * (ENOBUFS, which libnl calls NLE_NOMEM, should NETLINK_NO_ENOBUFS be
 * missing) is not an error: the socket still works, but a VM_ENDED may
 * be lost, so it sets nl->overrun for the caller to ask again.
 */
static int burn_nl_read_once(struct burn_nl *nl)
{
	struct burn_nl_wait w = { .nl = nl };
	struct nl_cb *cb = burn_nl_callbacks(&w);
	int fd = burn_nl_fd(nl), flags, err;

	if (!cb)
		return -ENOMEM;
	/* Non-blocking for this one read only: requests wait for answers. */
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	err = nl_recvmsgs_report(nl->sk, cb);
	fcntl(fd, F_SETFL, flags);
	nl_cb_put(cb);
	if (err == -NLE_AGAIN)
		return 0;
	if (err == -NLE_NOMEM) {
		nl->overrun = true;
		return 1;
	}
	if (err < 0) {
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s", nl_geterror(err));
		return -EIO;
	}
	return 1;
}

int burn_nl_read_events(struct burn_nl *nl)
{
	int err = burn_nl_read_once(nl);

	return err < 0 ? err : 0;
}

int burn_nl_drain_events(struct burn_nl *nl)
{
	int err, rounds;

	/* Bounded: a guest still writing must not keep us here forever. */
	for (rounds = 0; rounds < 100000; rounds++) {
		err = burn_nl_read_once(nl);
		if (err <= 0)
			return err;
	}
	return 0;
}

/* VM_INFO's reply: an end, if the VM has one, kept as if VM_ENDED came. */
static int burn_nl_end_reply(struct nlattr **tb, void *arg)
{
	struct burn_nl *nl = arg;

	if (tb[BURNVMM_A_END_KIND])
		burn_nl_store_event(nl, tb);
	return 0;
}

int burn_nl_query_end(struct burn_nl *ctl, struct burn_nl *nl, uint32_t id)
{
	struct nl_msg *msg = burn_nl_msg(ctl, BURNVMM_CMD_VM_INFO, false);
	int err;

	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	err = burn_nl_request(ctl, msg, burn_nl_end_reply, nl);
	if (err != -ENOENT)
		return err;
	/* Ours, yet gone: destroyed or unloaded, and the event was lost. */
	nl->ended_pending = true;
	nl->ended_id = id;
	nl->ended_kind = BURNVMM_END_DESTROYED;
	nl->ended_status = 0;
	snprintf(nl->ended_reason, sizeof(nl->ended_reason),
		 "the VM no longer exists (its end was not reported)");
	return 0;
}
