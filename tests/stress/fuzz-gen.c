// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-gen.c - nlfuzz's message generator.
 *
 * Contents:
 *  (i)   the pseudo-random source (seeded, so a run can be replayed)
 *  (ii)  deliberate requests: a command with the attributes it wants,
 *        VM ids and memory sizes picked to hit every handler outcome
 *  (iii) mutations: attributes added, dropped, truncated, oversized,
 *        nested, duplicated; flags, lengths, headers and bytes changed
 *  (iv)  the safety pass run last over every datagram
 *
 * The safety pass (iv) is what lets the fuzzer run on a small test VM: no
 * request may reach the module asking for more guest RAM than --safe-mem
 * per VM or --mem-budget in all (ENOMEM is the fault injector's job), and
 * no command whose name says it starts or runs a guest is ever sent.
 */
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

/* (i) xorshift64*: small, fast, and the same sequence on every machine. */
void fz_rng_seed(struct fz_rng *r, uint64_t seed)
{
	r->state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

uint64_t fz_rand(struct fz_rng *r)
{
	r->state ^= r->state >> 12;
	r->state ^= r->state << 25;
	r->state ^= r->state >> 27;
	return r->state * 0x2545f4914f6cdd1dULL;
}

uint32_t fz_below(struct fz_rng *r, uint32_t n)
{
	return (uint32_t)((fz_rand(r) >> 32) % n);
}

bool fz_chance(struct fz_rng *r, unsigned int pct)
{
	return fz_below(r, 100) < pct;
}

static void fz_fill(struct fz_rng *r, uint8_t *p, size_t len)
{
	while (len--)
		*p++ = (uint8_t)fz_rand(r);
}

/* (ii) Deliberate requests. */

/* Any command number in 0..CMD_MAX+3 except the excluded ones. */
static uint8_t fz_any_cmd(struct fz_rng *r)
{
	unsigned int cmd;

	do {
		cmd = fz_below(r, BURNVMM_CMD_MAX + 4);
	} while (fz_cmd_excluded(cmd));
	return (uint8_t)cmd;
}

/* Mostly the commands the model knows; DESTROY when VMs pile up. */
static uint8_t fz_pick_cmd(struct fz_rng *r, const struct fz_world *w)
{
	static const uint8_t known[] = {
		BURNVMM_CMD_GET_INFO, BURNVMM_CMD_VM_CREATE,
		BURNVMM_CMD_VM_CREATE, BURNVMM_CMD_VM_DESTROY,
		BURNVMM_CMD_VM_DESTROY, BURNVMM_CMD_VM_INFO,
		BURNVMM_CMD_VM_LIST, BURNVMM_CMD_VM_STATS,
		BURNVMM_CMD_VM_EVENT,
	};

	if (w->nvms > 16 && fz_chance(r, 50))
		return BURNVMM_CMD_VM_DESTROY;
	if (fz_chance(r, 25))
		return fz_any_cmd(r);
	return known[fz_below(r, FZ_ARRAY_SIZE(known))];
}

/* A VM id: a live one (any socket's), an edge value, or noise. */
static uint32_t fz_pick_id(struct fz_rng *r, const struct fz_world *w)
{
	unsigned int k = fz_below(r, 10);

	if (k < 6 && w->nvms)
		return w->vms[fz_below(r, w->nvms)].id;
	if (k < 7 && w->nforeign)
		return w->foreign[fz_below(r, w->nforeign)];
	if (k < 8)
		return 1 + fz_below(r, w->max_vms + 2);
	if (k == 8)
		return fz_chance(r, 50) ? 0 : 0xffffffffU;
	return (uint32_t)fz_rand(r);
}

/* A memory size: small valid ones, every kind of invalid, huge ones. */
static uint64_t fz_pick_mem(struct fz_rng *r, const struct fz_world *w)
{
	uint64_t steps = (w->safe_mem - BURNVMM_MEM_MIN) / BURNVMM_MEM_ALIGN;

	switch (fz_below(r, 12)) {
	case 0:
		return BURNVMM_MEM_MIN - BURNVMM_MEM_ALIGN;
	case 1:
		return BURNVMM_MEM_MIN + 1 + fz_below(r, 4095);
	case 2:
		return w->max_mem + BURNVMM_MEM_ALIGN;
	case 3:
		return BURNVMM_MEM_MAX + BURNVMM_MEM_ALIGN * fz_below(r, 2);
	case 4:
		return fz_chance(r, 50) ? ~0ULL : 0;
	case 5:
		return fz_rand(r);
	case 6:
		return (uint64_t)fz_below(r, 64) << 30;
	case 7:
	case 8:
		return BURNVMM_MEM_MIN +
			BURNVMM_MEM_ALIGN * (fz_rand(r) % (steps + 1));
	default:
		/* The smallest VM: under TCG and KASAN, zeroing RAM is slow. */
		return BURNVMM_MEM_MIN;
	}
}

/* An event bit: the edges of 8..31, inside, or anything. */
static uint32_t fz_pick_bit(struct fz_rng *r)
{
	static const uint32_t edges[] = { 0, 7, 8, 31, 32, 0xffffffffU };

	if (fz_chance(r, 50))
		return edges[fz_below(r, FZ_ARRAY_SIZE(edges))];
	return fz_chance(r, 70) ? 8 + fz_below(r, 24) : (uint32_t)fz_rand(r);
}

/*
 * VM_EVENT: a bit or console input of a size around the 1024-byte
 * limit, now and then both or neither.
 */
static void fz_event_attrs(struct fz_rng *r, struct nlr_msg *m)
{
	static const size_t lens[] = { 0, 1, 2, 1023, 1024, 1025, 4096 };
	static uint8_t data[4096];
	unsigned int k = fz_below(r, 10);
	size_t len = lens[fz_below(r, FZ_ARRAY_SIZE(lens))];

	if (k < 5 || k == 8)
		nlr_put_u32(m, BURNVMM_A_EVENT_BIT, fz_pick_bit(r));
	if (k >= 5 && k <= 8) {
		fz_fill(r, data, len < 64 ? len : 64);
		nlr_put(m, BURNVMM_A_DATA, data, len);
	}
}

static uint16_t fz_base_flags(struct fz_rng *r, uint8_t cmd)
{
	bool dump = cmd == BURNVMM_CMD_VM_LIST ||
		    (cmd > BURNVMM_CMD_VM_ENDED && fz_chance(r, 25));

	if (dump)
		return NLM_F_REQUEST | NLM_F_DUMP |
			(fz_chance(r, 20) ? NLM_F_ACK : 0);
	return NLM_F_REQUEST | NLM_F_ACK;
}

/* The attributes @cmd wants; unknown commands get a random few. */
static void fz_base_attrs(struct fz_rng *r, const struct fz_world *w,
			  struct nlr_msg *m, uint8_t cmd)
{
	int i, n;

	switch (cmd) {
	case BURNVMM_CMD_VM_CREATE:
		nlr_put_u64(m, BURNVMM_A_MEM_SIZE, fz_pick_mem(r, w));
		return;
	case BURNVMM_CMD_VM_DESTROY:
	case BURNVMM_CMD_VM_INFO:
	case BURNVMM_CMD_VM_STATS:
		nlr_put_u32(m, BURNVMM_A_VM_ID, fz_pick_id(r, w));
		return;
	case BURNVMM_CMD_VM_EVENT:
		nlr_put_u32(m, BURNVMM_A_VM_ID, fz_pick_id(r, w));
		fz_event_attrs(r, m);
		return;
	case BURNVMM_CMD_GET_INFO:
	case BURNVMM_CMD_VM_LIST:
		return;
	}
	n = fz_below(r, 3);
	for (i = 0; i < n; i++) {
		if (fz_chance(r, 50))
			nlr_put_u32(m, BURNVMM_A_VM_ID, fz_pick_id(r, w));
		else
			nlr_put_u64(m, BURNVMM_A_MEM_SIZE, fz_pick_mem(r, w));
	}
}

/* (iii) Mutations.  Each works on one message, before it is appended. */

/* Offset of the @nth attribute (-1: the last), or 0 if there is none. */
static size_t fz_attr_off(const struct nlr_msg *m, int nth)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN, found = 0;
	const struct nlattr *nla;

	while (off + NLA_HDRLEN <= m->len) {
		nla = (const struct nlattr *)(m->buf + off);
		if (nla->nla_len < NLA_HDRLEN)
			break;
		found = off;
		if (nth-- == 0)
			break;
		off += NLA_ALIGN(nla->nla_len);
	}
	return found;
}

static void fz_mut_add_attr(struct fz_rng *r, struct nlr_msg *m)
{
	static const uint16_t lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16 };
	uint8_t data[64];
	uint16_t type = (uint16_t)fz_below(r, BURNVMM_A_MAX + 4);
	size_t len = fz_chance(r, 80) ? lens[fz_below(r, FZ_ARRAY_SIZE(lens))] :
					 fz_below(r, sizeof(data));

	if (fz_chance(r, 10))
		type |= fz_chance(r, 50) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
	fz_fill(r, data, len);
	nlr_put(m, type, data, len);
}

static void fz_mut_drop_attr(struct nlr_msg *m)
{
	size_t off = fz_attr_off(m, -1);

	if (off) {
		m->len = off;
		nlr_msg_seal(m);
	}
}

/* A declared attribute length shorter, or longer, than what follows. */
static void fz_mut_attr_len(struct fz_rng *r, struct nlr_msg *m, bool longer)
{
	size_t off = fz_attr_off(m, longer ? -1 : (int)fz_below(r, 3));
	struct nlattr *nla = (struct nlattr *)(m->buf + off);

	if (!off)
		return;
	if (longer)
		nla->nla_len = fz_chance(r, 30) ? 0xffff :
			(uint16_t)(nla->nla_len + 1 + fz_below(r, 64));
	else
		nla->nla_len = (uint16_t)fz_below(r, nla->nla_len);
}

/* A nested attribute full of garbage, sometimes nested again. */
static void fz_mut_nest(struct fz_rng *r, const struct fz_world *w,
			struct nlr_msg *m)
{
	struct nlr_msg inner;
	int i, n = 1 + fz_below(r, 3);

	inner.len = 0;
	for (i = 0; i < n; i++) {
		uint8_t data[16];
		size_t len = fz_below(r, sizeof(data) + 1);
		struct nlattr *nla = (struct nlattr *)(inner.buf + inner.len);

		fz_fill(r, data, len);
		if (fz_chance(r, 30) && len >= 4)
			memcpy(data, &w->max_vms, 4);
		nla->nla_type = (uint16_t)fz_below(r, BURNVMM_A_MAX + 4);
		nla->nla_type |= fz_chance(r, 30) ? NLA_F_NESTED : 0;
		nla->nla_len = (uint16_t)(NLA_HDRLEN + len);
		memcpy(inner.buf + inner.len + NLA_HDRLEN, data, len);
		inner.len += NLA_ALIGN(NLA_HDRLEN + len);
	}
	nlr_put(m, (uint16_t)(fz_below(r, BURNVMM_A_MAX + 4) | NLA_F_NESTED),
		inner.buf, inner.len);
}

static void fz_mut_flags(struct fz_rng *r, struct nlr_msg *m)
{
	switch (fz_below(r, 4)) {
	case 0:
		m->nlh.nlmsg_flags ^= (uint16_t)(1U << fz_below(r, 16));
		break;
	case 1:
		m->nlh.nlmsg_flags ^= NLM_F_DUMP;
		break;
	case 2:
		m->nlh.nlmsg_flags |= NLM_F_ECHO;
		break;
	default:
		m->nlh.nlmsg_flags = (uint16_t)fz_rand(r) | NLM_F_REQUEST;
	}
}

static void fz_mut_genl_hdr(struct fz_rng *r, struct nlr_msg *m)
{
	struct genlmsghdr *g = NLMSG_DATA(&m->nlh);

	if (fz_chance(r, 50))
		g->version = (uint8_t)fz_rand(r);
	else
		g->reserved = (uint16_t)(1 + fz_below(r, 0xffff));
}

static void fz_mut_nlmsg_len(struct fz_rng *r, struct nlr_msg *m)
{
	uint32_t len = (uint32_t)m->len;

	switch (fz_below(r, 5)) {
	case 0:
		len -= 1 + fz_below(r, len < 24 ? 4 : 8);
		break;
	case 1:
		len += 1 + fz_below(r, 64);
		break;
	case 2:
		len = fz_below(r, NLMSG_HDRLEN);
		break;
	case 3:
		len = NLMSG_HDRLEN + fz_below(r, GENL_HDRLEN + 1);
		break;
	default:
		m->len = NLMSG_HDRLEN + fz_below(r, GENL_HDRLEN);
		len = (uint32_t)m->len;
	}
	m->nlh.nlmsg_len = len;
}

static void fz_mut_flip(struct fz_rng *r, struct nlr_msg *m)
{
	int i, n = 1 + fz_below(r, 4);

	for (i = 0; i < n && m->len > NLMSG_HDRLEN; i++) {
		size_t at = NLMSG_HDRLEN + fz_below(r, m->len - NLMSG_HDRLEN);

		m->buf[at] ^= (uint8_t)(1U << fz_below(r, 8));
	}
}

/* One attribute of up to 16 KiB: replies echo it, buffers must cope. */
static void fz_mut_big(struct fz_rng *r, struct nlr_msg *m)
{
	static uint8_t data[16 * 1024];
	size_t len = 256 + fz_below(r, sizeof(data) - 256);
	size_t room = sizeof(m->buf) - m->len - NLA_HDRLEN - 8;

	fz_fill(r, data, 64);
	nlr_put(m, (uint16_t)fz_below(r, BURNVMM_A_MAX + 4), data,
		len < room ? len : room);
}

/* Replace the value of the first VM_ID or MEM_SIZE, or add a second. */
static void fz_mut_value(struct fz_rng *r, const struct fz_world *w,
			 struct nlr_msg *m, bool dup)
{
	size_t off = fz_attr_off(m, 0);
	struct nlattr *nla = (struct nlattr *)(m->buf + off);
	uint32_t id = fz_pick_id(r, w);
	uint64_t mem = fz_pick_mem(r, w);

	if (dup || !off) {
		if (fz_chance(r, 50))
			nlr_put_u32(m, BURNVMM_A_VM_ID, id);
		else
			nlr_put_u64(m, BURNVMM_A_MEM_SIZE, mem);
	} else if (nla->nla_len == NLA_HDRLEN + 4 && off + 8 <= m->len) {
		memcpy(m->buf + off + NLA_HDRLEN, &id, 4);
	} else if (nla->nla_len == NLA_HDRLEN + 8 && off + 12 <= m->len) {
		memcpy(m->buf + off + NLA_HDRLEN, &mem, 8);
	}
}

static const char *fz_mutate(struct fz_rng *r, const struct fz_world *w,
			     const uint32_t *ports, int nports,
			     struct nlr_msg *m)
{
	switch (fz_below(r, 15)) {
	case 0:
		fz_mut_add_attr(r, m);
		return "attr+";
	case 1:
		fz_mut_drop_attr(m);
		return "attr-";
	case 2:
		fz_mut_attr_len(r, m, false);
		return "attr-short";
	case 3:
		fz_mut_attr_len(r, m, true);
		return "attr-long";
	case 4:
		fz_mut_nest(r, w, m);
		return "nest";
	case 5:
		fz_mut_flags(r, m);
		return "flags";
	case 6:
		fz_mut_genl_hdr(r, m);
		return "genlhdr";
	case 7:
		fz_mut_nlmsg_len(r, m);
		return "nlmsg_len";
	case 8:
		fz_mut_flip(r, m);
		return "flip";
	case 9:
		m->nlh.nlmsg_type = (uint16_t)fz_below(r, NLMSG_MIN_TYPE);
		return "type";
	case 10:
		m->nlh.nlmsg_pid = nports && fz_chance(r, 70) ?
			ports[fz_below(r, nports)] : (uint32_t)fz_rand(r);
		return "pid";
	case 11:
		fz_mut_big(r, m);
		return "big";
	case 12:
		fz_mut_value(r, w, m, true);
		return "dup";
	case 13:
		fz_mut_value(r, w, m, false);
		return "value";
	default:
		((struct genlmsghdr *)NLMSG_DATA(&m->nlh))->cmd = fz_any_cmd(r);
		return "cmd";
	}
}

/* (iv) The safety pass. */

/* A MEM_SIZE the module would really allocate, above what we allow. */
static void fz_safe_mem(const struct fz_world *w, uint8_t *p)
{
	uint64_t mem, used = 0, bad;
	int i;

	memcpy(&mem, p, sizeof(mem));
	for (i = 0; i < w->nvms; i++)
		used += w->vms[i].mem;
	if (mem < BURNVMM_MEM_MIN || mem > w->max_mem)
		return;
	if (mem <= w->safe_mem && used + mem <= w->mem_budget)
		return;
	/* Still a request worth sending: one over the module's limit. */
	bad = w->max_mem + BURNVMM_MEM_ALIGN;
	if (bad > BURNVMM_MEM_MAX)
		bad = BURNVMM_MEM_MAX + BURNVMM_MEM_ALIGN;
	memcpy(p, &bad, sizeof(bad));
}

static void fz_safe_msg(const struct fz_world *w, struct nlmsghdr *nlh)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	uint8_t *p = (uint8_t *)nlh + NLMSG_HDRLEN + GENL_HDRLEN;
	int rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	struct nlattr *nla;

	if (rem < 0)
		return;
	if (fz_cmd_excluded(g->cmd))
		g->cmd = BURNVMM_CMD_MAX + 1;
	while (rem >= NLA_HDRLEN) {
		nla = (struct nlattr *)p;
		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > rem)
			return;
		if ((nla->nla_type & NLA_TYPE_MASK) == BURNVMM_A_MEM_SIZE &&
		    nla->nla_len == NLA_HDRLEN + 8)
			fz_safe_mem(w, p + NLA_HDRLEN);
		rem -= NLA_ALIGN(nla->nla_len);
		p += NLA_ALIGN(nla->nla_len);
	}
}

/* Walk @d exactly as netlink_rcv_skb() will (see fz_predict()). */
static void fz_make_safe(const struct fz_world *w, struct fz_dgram *d)
{
	size_t off = 0, msglen;
	struct nlmsghdr *nlh;

	while (d->len - off >= NLMSG_HDRLEN) {
		nlh = (struct nlmsghdr *)(d->buf + off);
		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > d->len - off)
			return;
		fz_safe_msg(w, nlh);
		msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		off += msglen < d->len - off ? msglen : d->len - off;
	}
}

static void fz_note(struct fz_dgram *d, const char *what)
{
	size_t used = strlen(d->mutbuf);

	snprintf(d->mutbuf + used, sizeof(d->mutbuf) - used, "%s%s",
		 used ? "," : "", what);
}

/* One message: deliberate (about half the time) or mutated 1-3 times. */
static void fz_gen_msg(struct fz_rng *r, const struct fz_world *w,
		       struct nlr_sock *s, const uint32_t *ports, int nports,
		       struct nlr_msg *m, struct fz_dgram *d)
{
	uint8_t cmd = fz_pick_cmd(r, w);
	int i, n = fz_chance(r, 45) ? 0 : 1 + fz_below(r, 3);

	nlr_msg_init(m, (uint16_t)s->family, fz_base_flags(r, cmd),
		     nlr_next_seq(s), cmd);
	fz_base_attrs(r, w, m, cmd);
	for (i = 0; i < n; i++)
		fz_note(d, fz_mutate(r, w, ports, nports, m));
}

void fz_gen_dgram(struct fz_rng *r, const struct fz_world *w,
		  struct nlr_sock *s, const uint32_t *ports, int nports,
		  struct fz_dgram *d)
{
	static struct nlr_msg m;
	int i, n = fz_chance(r, 90) ? 1 : 2 + fz_below(r, FZ_BATCH_MAX - 1);

	d->len = 0;
	d->mutbuf[0] = '\0';
	for (i = 0; i < n; i++) {
		fz_gen_msg(r, w, s, ports, nports, &m, d);
		if (d->len + NLMSG_ALIGN(m.len) > sizeof(d->buf))
			break;
		memcpy(d->buf + d->len, m.buf, m.len);
		memset(d->buf + d->len + m.len, 0, NLMSG_ALIGN(m.len) - m.len);
		d->len += i + 1 < n ? NLMSG_ALIGN(m.len) : m.len;
	}
	fz_make_safe(w, d);
	d->mutations = d->mutbuf[0] ? d->mutbuf : "none";
}
