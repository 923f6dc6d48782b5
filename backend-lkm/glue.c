// SPDX-License-Identifier: GPL-2.0
/*
 * backend-lkm/glue.c - what the frontend (struct fe_backend_ops) and the
 * device models (struct dev_backend_ops) need from burnvmm.ko, made of
 * hypercalls: paging and TLB, host CPUID, time and the one-shot timer,
 * the console, the disk, the end of the VM; and the real GDT, which the
 * guest's own GDT has to be copied into.
 *
 * Why the GDT is remapped: the host keeps GDT indices 2-5, 10 and 11
 * for itself (BURN_GDT_RESERVED_MASK), and a guest may well use them
 * (the test guest's kernel data is 0x10, its user segments 0x1b and
 * 0x23).  The IPVMM loads every kernel segment register itself, and
 * builds every iret frame, so a guest descriptor at a reserved index
 * can live at a spare real index, with the selector translated on the
 * way in and out.  What it cannot hide: user code that reads a segment
 * register sees the real selector.
 *
 * Contents
 *   1. Console: the IPVMM's own messages and the UART's bytes; the
 *      end of a VM the IPVMM cannot run on.
 *   2. Time: the TSC, scaled by the host's tsc_khz, and the one shot.
 *   3. The frontend's backend: paging, TLB, CPUID, TSC.
 *   4. The device models' backend: the disk through BURN_HC_BLOCK_IO.
 *   5. The real GDT: remapping, boot segments, sync.
 */
#include "backend.h"
#include "hcall.h"

#define GDT_N		BURN_GDT_GUEST_LIMIT
#define DESC_S		(1u << 12)
#define DESC_P		(1u << 15)
/* A not-present data descriptor: what "nothing here" is installed as. */
#define DESC_EMPTY_HI	(DESC_S | 0x200u)

/* 1. Console: the IPVMM's own messages and the UART's bytes. */

static char con_buf[256];
static u32 con_len;
static char con_last = '\n';	/* the last byte written */

void con_flush(void)
{
	if (con_len)
		hc_console_write(con_buf, con_len);
	con_len = 0;
}

static void con_putc(char ch)
{
	con_last = ch;
	con_buf[con_len++] = ch;
	if (ch == '\n' || con_len == sizeof(con_buf))
		con_flush();
}

void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
}

void con_hex(u32 v)
{
	int i;

	con_puts("0x");
	for (i = 28; i >= 0; i -= 4)
		con_putc("0123456789abcdef"[(v >> i) & 0xf]);
}

/*
 * The reason the IPVMM gives when it cannot go on: built up by
 * ipvmm_why() and ipvmm_fatal(), printed on the console and handed to
 * the host, which ends the VM as crashed with it (BURN_HC_END), so the
 * VM's owner learns why even without the console (`burnctl start`
 * prints "guest crashed: <reason>").  What does not fit is cut.
 */
static char why_buf[BURN_END_MESSAGE_MAX];
static u32 why_len;

void ipvmm_why(const char *s)
{
	while (*s && why_len < sizeof(why_buf))
		why_buf[why_len++] = *s++;
}

/* A number in the reason: 0x and its hex digits, no leading zeros. */
void ipvmm_why_hex(u32 v)
{
	char digits[11];
	int i = 10;

	digits[i] = '\0';
	do {
		digits[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	digits[--i] = 'x';
	digits[--i] = '0';
	ipvmm_why(digits + i);
}

/*
 * Stop the VM: the IPVMM cannot go on.  The reason is what ipvmm_why()
 * gathered, then @what and the two numbers (none if @what is empty).
 */
void ipvmm_fatal(const char *what, u32 a, u32 b)
{
	u32 i;

	if (*what) {
		ipvmm_why(what);
		ipvmm_why(" ");
		ipvmm_why_hex(a);
		ipvmm_why(" ");
		ipvmm_why_hex(b);
	}
	if (con_last != '\n')
		con_putc('\n');	/* after a partial line of the guest's */
	con_puts("# ipvmm: fatal: ");
	for (i = 0; i < why_len; i++)
		con_putc(why_buf[i]);
	con_putc('\n');
	ipvmm_dump_recent();
	con_flush();
	hc_end(BURN_END_CRASH, IPVMM_EXIT_FATAL, why_buf, why_len);
	hc_shutdown(IPVMM_EXIT_FATAL);	/* only if the host refused that */
}

/* 2. Time: the TSC, scaled by the host's tsc_khz, and the one shot. */

/*
 * The CR0.TS and CR4.TSD the host holds for the guest (BURN_HC_SET_CR),
 * and the whole values last pushed.
 */
static u32 cr_real_cr0, cr_real_cr4, cr_pushed_cr0, cr_pushed_cr4;

/*
 * The guest's CR0.TS and CR4.TSD are real while it runs: push them when
 * an emulated mov to %cr0/%cr4, clts or lmsw changed them.
 */
void ipvmm_cr_sync(void)
{
	u32 cr0 = ipvmm_vcpu.cr[0] & BURN_CR0_TS;
	u32 cr4 = ipvmm_vcpu.cr[4] & BURN_CR4_TSD;

	if (cr0 == cr_real_cr0 && cr4 == cr_real_cr4)
		return;
	if (hc_set_cr(ipvmm_vcpu.cr[0], ipvmm_vcpu.cr[4]))
		ipvmm_fatal("BURN_HC_SET_CR refused cr0 / cr4", ipvmm_vcpu.cr[0],
			    ipvmm_vcpu.cr[4]);
	cr_real_cr0 = cr0;
	cr_real_cr4 = cr4;
	cr_pushed_cr0 = ipvmm_vcpu.cr[0];
	cr_pushed_cr4 = ipvmm_vcpu.cr[4];
}

static u64 rdtsc_raw(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

/*
 * With the guest's CR4.TSD real, rdtsc faults at ring 1 too: clear it
 * around our own read (rare: only while the guest keeps TSD set).
 */
static u64 rdtsc(void)
{
	u64 t;

	if (!cr_real_cr4)
		return rdtsc_raw();
	hc_set_cr(cr_pushed_cr0, cr_pushed_cr4 & ~BURN_CR4_TSD);
	t = rdtsc_raw();
	hc_set_cr(cr_pushed_cr0, cr_pushed_cr4);
	return t;
}

u64 ipvmm_now_ns(void)
{
	u32 khz = ipvmm_page.tsc_khz ? ipvmm_page.tsc_khz : 1000000;

	return dev_muldiv64(rdtsc(), 1000000, khz);
}

static u64 timer_armed = DEV_U64_MAX;

void ipvmm_timer_fired(void)
{
	timer_armed = DEV_U64_MAX;
}

/*
 * Arm the host's one-shot timer for the devices' next deadline (the
 * PIT's next period, the RTC's next update...).  Only a change costs a
 * hypercall.
 */
void ipvmm_timer_rearm(void)
{
	u64 deadline = platform_next_deadline_ns(&ipvmm_plat), now;

	if (deadline == timer_armed)
		return;
	if (deadline == DEV_U64_MAX) {
		hc_set_timer(0);
		timer_armed = deadline;
		return;
	}
	now = ipvmm_now_ns();
	hc_set_timer(deadline > now ? deadline - now : 1);
	timer_armed = deadline;
}

/* 3. The frontend's backend: paging, TLB, CPUID, TSC. */

#define CR0_PG		0x80000000u
#define CR4_PSE		0x00000010u
#define CR4_PGE		0x00000080u

static int be_paging(void *ctx, u32 cr0, u32 cr3, u32 cr4)
{
	u32 flags = 0;
	int err;

	(void)ctx;
	if (cr0 & CR0_PG) {
		flags = BURN_PG_ENABLE;
		if (cr4 & CR4_PSE)
			flags |= BURN_PG_PSE;
		if (cr4 & CR4_PGE)
			flags |= BURN_PG_PGE;
	}
	err = hc_set_pgtable(flags ? cr3 & ~0xfffu : 0, flags);
	return err ? -FE_EINVAL : 0;
}

static int be_flush_tlb(void *ctx, u32 addr, bool all)
{
	(void)ctx;
	return hc_flush_tlb(all ? BURN_FLUSH_ALL : BURN_FLUSH_ONE, addr) ?
		-FE_EINVAL : 0;
}

static void be_cpuid(void *ctx, u32 leaf, u32 subleaf, u32 regs[4])
{
	(void)ctx;
	asm volatile("cpuid"
		     : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]),
		       "=d"(regs[3])
		     : "a"(leaf), "c"(subleaf));
}

static u64 be_tsc(void *ctx)
{
	(void)ctx;
	return rdtsc();
}

const struct fe_backend_ops ipvmm_fe_ops = {
	.paging = be_paging,
	.flush_tlb = be_flush_tlb,
	.host_cpuid = be_cpuid,
	.read_tsc = be_tsc,
};

/* 4. The device models' backend. */

static u64 dev_now(void *ctx)
{
	(void)ctx;
	return ipvmm_now_ns();
}

static u64 dev_wallclock(void *ctx)
{
	(void)ctx;
	return 0;	/* no host clock call yet: the RTC starts at 1970 */
}

static void dev_console_tx(void *ctx, unsigned int port, u8 byte)
{
	(void)ctx;
	if (port == 0)
		con_putc((char)byte);
}

/*
 * The disk: the primary master, served by the VM's owner (burnctl's
 * --disk FILE) through BURN_HC_BLOCK_IO.  The ATA model hands over one
 * block at a time (at most ATA_MAX_MULTIPLE sectors) in its own buffer,
 * which lives in our static state, so inside the IPVMM region: the host
 * reads or writes it there by its guest-physical address, no bounce
 * buffer needed.  The request completes asynchronously: the host bumps
 * the VCPU page's block_done and raises BURN_EVENT_BLOCK, and
 * ipvmm_disk_event() hands the result to the model (which then ends BSY
 * and raises IRQ 14 as a real drive would).  One request at a time,
 * like the host's one slot and the model's one command.
 */
_Static_assert(ATA_MAX_MULTIPLE <= BURN_BLOCK_MAX_SECTORS,
	       "an ATA block must fit in one BURN_HC_BLOCK_IO");

static struct {
	u64 sectors;		/* from the boot block; 0: no disk */
	bool busy;		/* a request is with the host */
	u32 tag;		/* the model's tag for it */
	u32 done_before;	/* block_done when it was made */
} disk;

void ipvmm_disk_init(u64 sectors)
{
	disk.sectors = sectors;
}

static u64 dev_disk_sectors(void *ctx, unsigned int unit)
{
	(void)ctx;
	return unit == 0 ? disk.sectors : 0;
}

static int dev_disk_submit(void *ctx, const struct dev_disk_req *req)
{
	u32 op, gpa = 0, bytes = req->count * DEV_SECTOR_SIZE;
	int err;

	(void)ctx;
	if (req->unit || !disk.sectors || disk.busy)
		return -DEV_EIO;
	switch (req->op) {
	case DEV_DISK_READ:
		op = BURN_BLOCK_READ;
		break;
	case DEV_DISK_WRITE:
		op = BURN_BLOCK_WRITE;
		break;
	case DEV_DISK_FLUSH:
		op = BURN_BLOCK_FLUSH;
		break;
	default:
		return -DEV_EIO;
	}
	if (op != BURN_BLOCK_FLUSH && !ipvmm_region_gpa(req->buf, bytes, &gpa))
		return -DEV_EIO;
	disk.done_before = __atomic_load_n(&ipvmm_page.block_done,
					   __ATOMIC_ACQUIRE);
	disk.tag = req->tag;
	disk.busy = true;
	err = hc_block_io(op, req->lba, req->count, gpa);
	if (err) {
		disk.busy = false;
		con_puts("# ipvmm: BURN_HC_BLOCK_IO refused op / error ");
		con_hex(op);
		con_putc(' ');
		con_hex((u32)-err);
		con_putc('\n');
		return -DEV_EIO;
	}
	return 0;
}

/*
 * BURN_EVENT_BLOCK: if the request in flight is done, tell the model.
 * block_done moves only between two runs of ours, once per finished
 * request, so a change since the request was made is its completion.
 */
void ipvmm_disk_event(void)
{
	u32 done = __atomic_load_n(&ipvmm_page.block_done, __ATOMIC_ACQUIRE);

	if (!disk.busy || done == disk.done_before)
		return;
	disk.busy = false;
	platform_disk_complete(&ipvmm_plat, disk.tag,
			       ipvmm_page.block_status ? -DEV_EIO : 0);
}

static void dev_system_event(void *ctx, enum dev_sys_event ev, u32 code)
{
	(void)ctx;
	con_flush();
	switch (ev) {
	case DEV_SYS_DEBUG_EXIT:
		hc_shutdown((code >> 1) & 0xff);	/* the value written */
	case DEV_SYS_POWEROFF:
		hc_shutdown(0);
	case DEV_SYS_RESET:
		/* No reset to re-run from: the VM ends as rebooted. */
		con_puts("# ipvmm: the guest reset the machine\n");
		con_flush();
		hc_end(BURN_END_REBOOT, 0, NULL, 0);
		hc_shutdown(IPVMM_EXIT_FATAL);
	}
}

static void dev_log_msg(void *ctx, enum dev_log_kind kind, const char *dev,
			const char *msg, u32 val)
{
	(void)ctx;
	if (kind == DEV_LOG_INFO)
		return;
	con_puts("# ipvmm: ");
	con_puts(dev);
	con_puts(": ");
	con_puts(msg);
	con_putc(' ');
	con_hex(val);
	con_putc('\n');
}

const struct dev_backend_ops ipvmm_dev_ops = {
	.now_ns = dev_now,
	.wallclock_s = dev_wallclock,
	.console_tx = dev_console_tx,
	.disk_sectors = dev_disk_sectors,
	.disk_submit = dev_disk_submit,
	.system_event = dev_system_event,
	.log = dev_log_msg,
};

/* 5. The real GDT. */

/*
 * Guest GDT index -> real index (0: not installed), the same for the
 * guest's LDT (the host has no LDT: its code and data descriptors get
 * spare GDT slots too), and what is installed.
 */
#define LDT_N		8
static u8 gdt_map[GDT_N];
static u8 ldt_map[LDT_N];
static u32 gdt_installed[GDT_N][2];

static bool reserved(u32 idx)
{
	return idx == 0 || (BURN_GDT_RESERVED_MASK >> idx) & 1;
}

/*
 * A CPU keeps a segment register's cached descriptor until the register
 * is loaded again, whatever happens to the GDT meanwhile.  So a register
 * may stay on a real selector the guest's GDT no longer describes:
 * before the guest's first lgdt it runs on the host's flat ring-1
 * segments (seen as 0x20 code, 0x28 data), and after a new lgdt on the
 * old table's descriptor until the guest reloads it (Linux's startup_32
 * loads its boot GDT, later its real one, then reloads the registers one
 * by one).  gdt_cached[s] is that real selector for enum insn_sreg s, 0
 * when s follows the mapping; gdt_sync() keeps the slots it names.
 * gdt_fresh: registers loaded since the last gdt_sync(), which take the
 * new descriptor, not the cached one.
 */
static u16 gdt_cached[6];
static u8 gdt_fresh;

void gdt_boot(void)
{
	u32 s;

	for (s = 0; s < 6; s++)
		gdt_cached[s] = s == SREG_CS ? BURN_SEL_RING1_CS :
			BURN_SEL_RING1_DS;
}

void gdt_loaded(enum insn_sreg s)
{
	gdt_cached[s] = 0;
	gdt_fresh |= 1u << s;
}

void gdt_left_boot(void)
{
	fe_memset(gdt_cached, 0, sizeof(gdt_cached));
}

/* The real selector for a visible one through the maps, 0 if none. */
static u32 map_sel(u32 visible, const u8 *map, const u8 *lmap)
{
	u32 idx = (visible & 0xffff) >> 3, rpl = visible & 3;

	if (rpl == 0)
		rpl = 1;
	if (!(visible & 4) && idx < GDT_N && map[idx])
		return (u32)map[idx] << 3 | rpl;
	if ((visible & 4) && idx < LDT_N && lmap[idx])
		return (u32)lmap[idx] << 3 | rpl;
	return 0;
}

/*
 * The real selector to load into segment register s for a visible one.
 * data: a selector with no real descriptor may become null (it faults on
 * use, not on load); for CS and SS the IPVMM cannot go on.
 */
u32 gdt_real_sel(enum insn_sreg s, u32 visible)
{
	u32 real;

	if (gdt_cached[s])
		return gdt_cached[s];
	if ((visible & 0xfffc) == 0)
		return 0;
	real = map_sel(visible, gdt_map, ldt_map);
	if (real || (s != SREG_CS && s != SREG_SS))
		return real;
	ipvmm_fatal("no real descriptor for CS/SS selector", visible, s);
}

/* The visible selector for a real one from a hardware frame. */
u32 gdt_visible_sel(u32 real)
{
	u32 idx = (real & 0xffff) >> 3, rpl = real & 3, g;

	if (rpl == 1)
		rpl = 0;
	if (real & 4)
		return (real & 0xfffc) | rpl;
	for (g = 1; g < GDT_N; g++)
		if (gdt_map[g] == idx)
			return g << 3 | rpl;
	for (g = 0; g < LDT_N; g++)
		if (ldt_map[g] == idx)
			return g << 3 | 4 | rpl;
	return idx << 3 | rpl;
}

static void read_guest_gdt(u32 d[GDT_N][2])
{
	const struct vcpu_dtr *g = &ipvmm_vcpu.gdtr;
	u32 i;

	for (i = 0; i < GDT_N; i++) {
		d[i][0] = 0;
		d[i][1] = 0;
		if (i * 8 + 7 > g->limit ||
		    gmem_read(&ipvmm_gmem, gva(g->base + i * 8), d[i], 8))
			continue;
		if (!(d[i][1] & DESC_S)) {	/* system: the IPVMM's own */
			d[i][0] = 0;
			d[i][1] = 0;
		}
	}
}

/* The first LDT_N entries of the guest's LDT, code and data only. */
static void read_guest_ldt(u32 d[LDT_N][2])
{
	const struct vcpu *v = &ipvmm_vcpu;
	u32 i;

	for (i = 0; i < LDT_N; i++) {
		d[i][0] = 0;
		d[i][1] = 0;
		if (!v->ldtr || !v->ldt.present || i * 8 + 7 > v->ldt.limit ||
		    gmem_read(&ipvmm_gmem, gva(v->ldt.base + i * 8), d[i], 8))
			continue;
		if (!(d[i][1] & DESC_S)) {
			d[i][0] = 0;
			d[i][1] = 0;
		}
	}
}

static void install(u32 real, u32 lo, u32 hi)
{
	int err;

	if (!lo && !hi)
		hi = DESC_EMPTY_HI;
	if (gdt_installed[real][0] == lo && gdt_installed[real][1] == hi)
		return;
	/*
	 * The IPVMM runs on the host's CS, SS, DS and ES, but FS and GS
	 * still hold the guest's, which this slot may be: the host refuses
	 * to go on with a register on a changed descriptor.  The return
	 * path loads the guest's again.
	 */
	asm volatile("movl %0, %%fs\n\tmovl %0, %%gs"
		     : : "r"((u32)BURN_SEL_RING1_DS));
	err = hc_set_desc(real, lo, hi);
	if (err) {
		con_puts("# ipvmm: BURN_HC_SET_DESC refused index ");
		con_hex(real);
		con_puts(" desc ");
		con_hex(hi);
		con_hex(lo);
		con_putc('\n');
		hi = DESC_EMPTY_HI;
		lo = 0;
		if (hc_set_desc(real, lo, hi))
			return;
	}
	gdt_installed[real][0] = lo;
	gdt_installed[real][1] = hi;
}

/* A free real slot, from the top: not the host's, not the guest's, not busy. */
static u32 free_slot(u32 d[GDT_N][2], u32 busy)
{
	u32 i;

	for (i = GDT_N - 1; i > 0; i--)
		if (!reserved(i) && !d[i][1] && !(busy >> i & 1))
			return i;
	return 0;
}

/*
 * Segment register s stays on real selector cur, whose slot's descriptor
 * the new table would change (gdt_cached above): keep the slot if the
 * guest's table leaves it empty, else move the old descriptor to a free
 * slot (the return path reloads every register, so the register follows).
 * from/to remember moves, so registers on one slot move together.
 */
struct gdt_moves {
	u32 n, from[6], to[6];
};

static void keep_cached(u32 s, u32 cur, u32 d[GDT_N][2],
			u32 want[GDT_N][2], u32 *busy, u32 *keep,
			struct gdt_moves *mv)
{
	u32 idx = cur >> 3, slot = 0, i;

	if (!want[idx][1] || (want[idx][0] == gdt_installed[idx][0] &&
			      want[idx][1] == gdt_installed[idx][1])) {
		*keep |= 1u << idx;
		gdt_cached[s] = (u16)cur;
		return;
	}
	for (i = 0; i < mv->n; i++)
		if (mv->from[i] == idx)
			slot = mv->to[i];
	if (!slot) {
		slot = free_slot(d, *busy | *keep);
		if (!slot) {		/* nowhere to keep it: follow the table */
			gdt_cached[s] = 0;
			return;
		}
		*busy |= 1u << slot;
		want[slot][0] = gdt_installed[idx][0];
		want[slot][1] = gdt_installed[idx][1];
		mv->from[mv->n] = idx;
		mv->to[mv->n++] = slot;
	}
	gdt_cached[s] = (u16)(slot << 3 | (cur & 3));
}

/*
 * Bring the real GDT in line with the guest's: at lgdt, after emulated
 * segment loads and far transfers, and before every return to ring 3
 * (user code loads selectors natively; Linux rewrites TLS entries with
 * plain stores).  Guest descriptors at host-reserved indices move to
 * real indices the guest's own table leaves empty, from the top down,
 * each staying where it was while it can (a register may be on it).
 * Registers whose descriptor would change under them keep it
 * (keep_cached()).
 */
void gdt_sync(void)
{
	u32 d[GDT_N][2], want[GDT_N][2], l[LDT_N][2], cur[6];
	u32 busy = 0, keep = 0, g, s, idx, slot;
	struct gdt_moves mv = { 0 };
	u8 map[GDT_N], lmap[LDT_N];

	if (!ipvmm_vcpu.gdtr.limit)
		return;		/* no guest GDT yet: the boot segments */
	/* Where each register is now; cached ones keep their slots. */
	for (s = 0; s < 6; s++) {
		cur[s] = gdt_cached[s];
		if (cur[s])
			busy |= 1u << (cur[s] >> 3);
		else if (!(gdt_fresh & (1u << s)))
			cur[s] = map_sel(ipvmm_vcpu.sel[s], gdt_map, ldt_map);
	}
	read_guest_gdt(d);
	read_guest_ldt(l);
	fe_memset(map, 0, sizeof(map));
	fe_memset(lmap, 0, sizeof(lmap));
	fe_memset(want, 0, sizeof(want));
	for (g = 1; g < GDT_N; g++) {
		if (!d[g][1])
			continue;
		if (!reserved(g)) {
			map[g] = g;
			continue;
		}
		slot = gdt_map[g];
		if (!slot || reserved(slot) || d[slot][1] || (busy >> slot & 1))
			slot = free_slot(d, busy);
		if (!slot)
			break;
		map[g] = slot;
		busy |= 1u << slot;
	}
	for (g = 0; g < LDT_N; g++) {
		if (!l[g][1])
			continue;
		slot = ldt_map[g];
		if (!slot || reserved(slot) || d[slot][1] || (busy >> slot & 1))
			slot = free_slot(d, busy);
		if (!slot)
			break;
		lmap[g] = slot;
		busy |= 1u << slot;
		want[slot][0] = l[g][0];
		want[slot][1] = l[g][1];
	}
	for (g = 1; g < GDT_N; g++) {
		if (!map[g])
			continue;
		want[map[g]][0] = d[g][0];
		want[map[g]][1] = d[g][1];
	}
	for (s = 0; s < 6; s++) {
		if (!cur[s] || reserved(idx = cur[s] >> 3))
			continue;
		if (!gdt_cached[s] &&
		    map_sel(ipvmm_vcpu.sel[s], map, lmap) == cur[s] &&
		    want[idx][0] == gdt_installed[idx][0] &&
		    want[idx][1] == gdt_installed[idx][1])
			continue;	/* follows the table, unchanged */
		keep_cached(s, cur[s], d, want, &busy, &keep, &mv);
	}
	for (g = 1; g < GDT_N; g++)
		if (!reserved(g) && !(keep >> g & 1 && !want[g][1]))
			install(g, want[g][0], want[g][1]);
	fe_memcpy(gdt_map, map, sizeof(map));
	fe_memcpy(ldt_map, lmap, sizeof(lmap));
	gdt_fresh = 0;
}
