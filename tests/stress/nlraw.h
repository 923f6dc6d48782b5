/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlraw.h - a raw generic netlink transport for the stress tests, and the
 * few burnvmm requests they all need.
 *
 * burnctl's transport (userland/netlink.c, libnl) only builds well-formed
 * messages; the fuzzer must put any byte anywhere, so the stress tests
 * speak netlink over a plain AF_NETLINK socket: a message is a byte buffer
 * the caller may corrupt at will before it is sent.  Every receive has a
 * deadline, because "the module never answered" is one of the failures
 * these tests exist to find.
 *
 * Functions return 0 or a negative errno.  -ETIMEDOUT always means "no
 * answer before the deadline"; an error the kernel sent back is returned
 * as is (e.g. -ENOENT), with its extended-ack message in s->errmsg.
 */
#ifndef BURNVMM_STRESS_NLRAW_H
#define BURNVMM_STRESS_NLRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <linux/burnvmm.h>

/* Largest request the tests build, and the receive buffer (replies echo). */
#define NLR_MSG_MAX	(32 * 1024)
#define NLR_RECV_MAX	(NLR_MSG_MAX + 64 * 1024)

struct nlr_sock {
	int fd;
	uint32_t port;		/* our netlink port id, as the kernel sees it */
	uint32_t seq;		/* last sequence number handed out */
	int family;		/* "burnvmm" family id, after nlr_resolve() */
	int timeout_ms;		/* deadline for each answer */
	/* The last answer came: its error is the kernel's, not the socket's. */
	bool answered;
	char errmsg[128];	/* extack message of the last kernel error */
	uint8_t rbuf[NLR_RECV_MAX];
};

/* A message under construction: header, genl header, then attributes. */
struct nlr_msg {
	size_t len;
	union {
		struct nlmsghdr nlh;
		uint8_t buf[NLR_MSG_MAX];
	};
};

/* nlr_open - a bound NETLINK_GENERIC socket with extended acks on. */
int nlr_open(struct nlr_sock *s, int timeout_ms);
void nlr_close(struct nlr_sock *s);
/* nlr_resolve - look up family @name; sets s->family. -ENOENT: absent. */
int nlr_resolve(struct nlr_sock *s, const char *name);
uint32_t nlr_next_seq(struct nlr_sock *s);

/* Building: init writes both headers; put appends one attribute. */
void nlr_msg_init(struct nlr_msg *m, uint16_t type, uint16_t flags,
		  uint32_t seq, uint8_t cmd);
int nlr_put(struct nlr_msg *m, uint16_t type, const void *data, size_t len);
int nlr_put_u32(struct nlr_msg *m, uint16_t type, uint32_t val);
int nlr_put_u64(struct nlr_msg *m, uint16_t type, uint64_t val);
/* nlr_msg_seal - set nlmsg_len to the bytes written so far. */
void nlr_msg_seal(struct nlr_msg *m);

/* nlr_send - send @len bytes as one datagram to the kernel. */
int nlr_send(struct nlr_sock *s, const void *buf, size_t len);
/*
 * nlr_recv - one datagram into s->rbuf before the deadline; returns its
 * length, -ETIMEDOUT, or the socket error (e.g. -ENOBUFS).  @wait_ms 0
 * means "only what is already queued" (-EAGAIN if nothing).
 */
int nlr_recv(struct nlr_sock *s, int wait_ms);
/* nlr_drain - throw away everything queued (events, stale answers). */
void nlr_drain(struct nlr_sock *s);

/* Called for each reply message of a request (not for acks or DONE). */
typedef int (*nlr_reply_fn)(const struct nlmsghdr *nlh, void *arg);

/*
 * nlr_transact - send @m (sealed, with NLM_F_ACK or a dump flag) and wait
 * for its final answer: the ack, the error, or the end of the dump.
 * Returns the kernel's error (0 for success), -ETIMEDOUT, or a socket
 * error.  @fn may be NULL.
 */
int nlr_transact(struct nlr_sock *s, struct nlr_msg *m, nlr_reply_fn fn,
		 void *arg);

/*
 * nlr_parse - index the attributes of genl message @nlh by type, at most
 * @maxtype (later duplicates win, as in the kernel).  Returns -EINVAL for
 * a malformed attribute stream.
 */
int nlr_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
	      int maxtype);
uint32_t nlr_get_u32(const struct nlattr *nla);
uint64_t nlr_get_u64(const struct nlattr *nla);

/* burnvmm requests, as the ABI (docs/abi.md) defines them. */
struct burn_info {
	uint32_t nr_vms;
	uint32_t max_vms;
	uint64_t mem_in_use;
	uint64_t max_mem;
};

struct burn_vmrec {
	uint32_t id;
	uint32_t owner_port;
	uint32_t owner_uid;
	uint32_t state;
	uint64_t mem;
	uint64_t created_ns;
};

/* Most VMs any list in these tests holds (max_vms is at most 1024). */
#define BURN_VMS_MAX	1024

struct burn_vmlist {
	int n;
	struct burn_vmrec vm[BURN_VMS_MAX];
};

int burn_get_info(struct nlr_sock *s, struct burn_info *bi);
int burn_list(struct nlr_sock *s, struct burn_vmlist *vl);
int burn_create(struct nlr_sock *s, uint64_t mem, struct burn_vmrec *vm);
int burn_destroy(struct nlr_sock *s, uint32_t id);
int burn_vm_info(struct nlr_sock *s, uint32_t id, struct burn_vmrec *vm);
/* burn_vm_from_attrs - fill @vm from a VM_INFO-style reply; -EPROTO. */
int burn_vm_from_attrs(const struct nlmsghdr *nlh, struct burn_vmrec *vm);
const struct burn_vmrec *burn_vmlist_find(const struct burn_vmlist *vl,
					  uint32_t id);

#endif /* BURNVMM_STRESS_NLRAW_H */
