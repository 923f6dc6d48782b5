/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz.h - nlfuzz's private header, and its index.
 *
 * nlfuzz sends random and mutated generic netlink messages to family
 * "burnvmm" and checks every answer against a model of what the ABI
 * (docs/abi.md) and the genetlink core promise.  Three parts:
 *
 *   fuzz-gen.c      builds datagrams: a deliberate request, then mutations
 *   fuzz-predict.c  walks a datagram as the kernel will and predicts, per
 *                   message, the answer and the effect on the VM registry
 *   nlfuzz.c        runs the phases (root, nobody, another netns), sends,
 *                   collects answers, compares, and prints TAP
 */
#ifndef BURNVMM_STRESS_FUZZ_H
#define BURNVMM_STRESS_FUZZ_H

#include "nlraw.h"

/*
 * Messages the generator puts in one datagram, and the most the kernel may
 * find in it (a shortened nlmsg_len makes the rest a message of its own).
 */
#define FZ_BATCH_MAX	3
#define FZ_PRED_MAX	8
#define FZ_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* VMs one model tracks (a netns sees at most max_vms <= 1024). */
#define FZ_VMS_MAX	BURN_VMS_MAX

/* A VM as the model knows it; @sock is the owning socket's slot or -1. */
struct fz_vm {
	uint32_t id;
	uint32_t port;
	uint32_t state;		/* CREATED, unless a newer command changed it */
	uint64_t mem;
	int sock;
};

/*
 * What the fuzzing process may assume about the module: its limits, the
 * VMs of its network namespace, and the global VM count as of the last
 * GET_INFO (other namespaces' VMs are constant while a phase runs).
 */
struct fz_world {
	bool admin;		/* CAP_NET_ADMIN: may create and destroy */
	uint32_t max_vms;
	uint64_t max_mem;
	uint32_t nr_vms;	/* global, from the last GET_INFO */
	uint64_t mem_in_use;	/* global, from the last GET_INFO */
	uint64_t safe_mem;	/* largest RAM a generated request may get */
	uint64_t mem_budget;	/* most RAM all generated VMs may hold */
	int nforeign;		/* another netns's VM ids, to probe */
	uint32_t foreign[16];
	int nvms;
	struct fz_vm vms[FZ_VMS_MAX];
};

/* What a message must get back. */
enum fz_expect {
	FZ_EXPECT_OK,		/* success (a CREATE may also get -ENOMEM) */
	FZ_EXPECT_ERRNO,	/* exactly this error */
	/* A command or attribute newer than this model: any answer. */
	FZ_EXPECT_ANY,
};

/* What a successful message does to the registry. */
enum fz_effect {
	FZ_EFFECT_NONE,
	FZ_EFFECT_CREATE,	/* a VM of @mem bytes owned by the sender */
	FZ_EFFECT_DESTROY,	/* VM @id is gone */
	FZ_EFFECT_UNKNOWN,	/* unmodelled command: re-read the registry */
};

/*
 * The prediction for one message of a datagram, and what came back.
 * Only messages the kernel will process get a prediction.
 */
struct fz_pred {
	uint32_t seq;
	uint8_t cmd;
	uint16_t flags;
	bool reaches_genl;	/* handed to the family, not skipped */
	bool need_answer;	/* an ack, error, reply or DONE must come */
	enum fz_expect expect;
	int err;		/* for FZ_EXPECT_ERRNO */
	enum fz_effect effect;
	uint64_t mem;		/* CREATE: requested size */
	uint32_t id;		/* DESTROY/INFO: the VM named */
	const char *why;	/* the rule that decided, for diagnostics */
	/* Filled while answers arrive. */
	bool answered;		/* an error/ack or the DONE came */
	int got_err;
	bool got_reply;
	struct burn_vmrec reply;
};

/* One datagram as generated, with its predictions. */
struct fz_dgram {
	size_t len;
	uint8_t buf[NLR_MSG_MAX];
	int npred;
	bool overflow;		/* more messages than FZ_PRED_MAX */
	struct fz_pred pred[FZ_PRED_MAX];
	const char *mutations;	/* names of the mutations applied */
	char mutbuf[160];
};

/* Deterministic pseudo-random numbers (xorshift64*), seeded by --seed. */
struct fz_rng {
	uint64_t state;
};

void fz_rng_seed(struct fz_rng *r, uint64_t seed);
uint64_t fz_rand(struct fz_rng *r);
/* A number in [0, @n); @n > 0. */
uint32_t fz_below(struct fz_rng *r, uint32_t n);
/* True with probability @pct percent. */
bool fz_chance(struct fz_rng *r, unsigned int pct);

/* fuzz-gen.c: */
/*
 * fz_gen_dgram - fill @d with 1..FZ_BATCH_MAX messages for socket @s,
 * deliberate or mutated, each with a fresh sequence number.  @ports are
 * the ports of the fuzzer's other sockets (spoofed senders).
 */
void fz_gen_dgram(struct fz_rng *r, const struct fz_world *w,
		  struct nlr_sock *s, const uint32_t *ports, int nports,
		  struct fz_dgram *d);

/* fuzz-predict.c: */
/*
 * fz_predict - walk @d as netlink_rcv_skb and genetlink will, and fill
 * d->pred for every message they process, from @w and the sender's port.
 */
void fz_predict(const struct fz_world *w, int family, struct fz_dgram *d);
const struct fz_vm *fz_world_find(const struct fz_world *w, uint32_t id);
/* fz_cmd_excluded - commands the fuzzer never sends (START/RUN). */
bool fz_cmd_excluded(unsigned int cmd);

#endif /* BURNVMM_STRESS_FUZZ_H */
