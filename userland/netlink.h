/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netlink.h - burnctl's one transport to burnvmm.ko: a generic netlink
 * socket speaking family "burnvmm" (include/uapi/linux/burnvmm.h).
 *
 * Functions return 0 or a negative errno; when the kernel attached an
 * extended-ack message to an error, it is in nl->errmsg.
 */
#ifndef BURNCTL_NETLINK_H
#define BURNCTL_NETLINK_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/burnvmm.h>

struct nl_sock;
struct nl_msg;
struct nlattr;

/* Called for each CONSOLE event with the guest's bytes. */
typedef void (*burn_nl_console_fn)(uint32_t id, const void *data, size_t len,
				   void *arg);

/*
 * A BLOCK_REQUEST event, kept until the command loop serves it (the
 * module sends one at a time per VM).  @data holds a write's bytes, or
 * receives a read's.
 */
struct burn_block_req {
	bool pending;
	uint32_t id;
	uint32_t op;		/* BURNVMM_BLOCK_* */
	uint32_t count;		/* sectors */
	uint64_t sector;
	size_t len;		/* bytes in @data */
	uint8_t data[BURNVMM_BLOCK_MAX_SECTORS * BURNVMM_BLOCK_SECTOR_SIZE];
};

struct burn_nl {
	struct nl_sock *sk;
	int family;
	char errmsg[256];
	/* A VM_ENDED event that arrived while waiting for something else. */
	bool ended_pending;
	uint32_t ended_id;
	char ended_reason[BURNVMM_END_REASON_LEN];
	uint32_t ended_kind;		/* enum burnvmm_end_kind */
	uint32_t ended_status;		/* valid for BURNVMM_END_SHUTDOWN */
	/* CONSOLE events go here as they arrive (NULL: dropped). */
	burn_nl_console_fn console_fn;
	void *console_arg;
	/* BLOCK_REQUEST events land here (NULL: dropped). */
	struct burn_block_req *block_req;
	/* The receive buffer overran: events may have been lost. */
	bool overrun;
};

/* Called once per reply message with its attributes, indexed by type. */
typedef int (*burn_nl_reply_fn)(struct nlattr **tb, void *arg);

/*
 * burn_nl_open - connect and resolve the family.  -ENOENT: burnvmm.ko is
 * not loaded.  May trigger the kernel's module autoload (the module
 * declares its genl family alias).
 */
int burn_nl_open(struct burn_nl *nl);
void burn_nl_close(struct burn_nl *nl);

/* A new request for @cmd; @dump asks for a dump instead of a single reply. */
struct nl_msg *burn_nl_msg(struct burn_nl *nl, uint8_t cmd, bool dump);

/*
 * burn_nl_put_u32/u64 - add an attribute to *@msg.  On failure *@msg is
 * freed and set to NULL, which burn_nl_request() reports as -ENOMEM, so
 * callers can build a request without checking each step.
 */
void burn_nl_put_u32(struct nl_msg **msg, int attr, uint32_t val);
void burn_nl_put_u64(struct nl_msg **msg, int attr, uint64_t val);
void burn_nl_put_data(struct nl_msg **msg, int attr, const void *data,
		      size_t len);

/*
 * burn_nl_request - send @msg (consumed), wait for the kernel's answer,
 * call @fn for each reply message.  Returns the kernel's error, or the
 * first non-zero return of @fn, or 0.
 */
int burn_nl_request(struct burn_nl *nl, struct nl_msg *msg, burn_nl_reply_fn fn,
		    void *arg);

/* The socket's file descriptor, to poll for events. */
int burn_nl_fd(struct burn_nl *nl);

/* The socket's netlink port: a VM's OWNER_PORT if this socket made it. */
uint32_t burn_nl_port(struct burn_nl *nl);

/*
 * burn_nl_read_events - read whatever arrived on the socket without
 * blocking; a VM_ENDED event is stored in nl->ended_*.
 */
int burn_nl_read_events(struct burn_nl *nl);

/*
 * burn_nl_drain_events - read every event already waiting, without
 * blocking; 0 or -EIO.  For the console output still queued when a VM's
 * end was learnt another way.
 */
int burn_nl_drain_events(struct burn_nl *nl);

/*
 * burn_nl_query_end - ask over @ctl (VM_INFO) whether VM @id, owned by
 * @nl, has ended; if so, record its end in @nl as its VM_ENDED would
 * have.  The module drops VM_ENDED when the owner's socket is full
 * (docs/abi.md), so an owner asks again now and then.  A VM that no
 * longer exists counts as destroyed.  0 or the request's error.
 */
int burn_nl_query_end(struct burn_nl *ctl, struct burn_nl *nl, uint32_t id);

#endif /* BURNCTL_NETLINK_H */
