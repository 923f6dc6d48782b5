// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-start.c - `burnctl start [--no-ipvmm] [--mem SIZE] GUEST.elf`:
 * load a 32-bit guest into a new VM, run it, print its console, and
 * exit with its shutdown status.
 *
 * By default the guest is an afterburnt Multiboot kernel and runs under
 * the in-place VMM (start-ipvmm.c, docs/ipvmm.md).  With --no-ipvmm it
 * runs as it is, at ring 1 with paging off and flat segments, and talks
 * to the host by hypercall only (docs/hypercalls.md).  The VM belongs to
 * this process: however it ends, the VM goes with it.  A guest reboot
 * starts the same guest afresh in a new VM (unless --no-reboot), with the
 * same files, disk and console.  SIGINT, SIGTERM or
 * SIGHUP stops the guest; a second one gives up waiting.  Standard input
 * goes to the guest as console input (console.c); on a terminal, Ctrl-a x
 * stops the guest.  With --detach the process that does all this is a
 * daemon whose console is a pty (detach.c); serve.c serves the VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <netlink/attr.h>
#include "burnctl.h"
#include "common.h"
#include "console.h"
#include "detach.h"
#include "elf.h"
#include "options.h"
#include "disk.h"
#include "parse.h"
#include "reboot.h"
#include "serve.h"
#include "start-ipvmm.h"

static const char *const start_usage[] = {
	"usage: burnctl start [--mem SIZE] [--console MODE | --detach] [--disk FILE]",
	"                     [--no-reboot] [--append ARGS] [--initrd FILE]",
	"                     [--ipvmm FILE] GUEST.elf",
	"       burnctl start --no-ipvmm [--mem SIZE] [--console MODE | --detach]",
	"                     [--disk FILE] [--no-reboot] GUEST.elf",
	"",
	"Create a VM with SIZE of guest RAM (default 128M), load the 32-bit",
	"ELF file GUEST.elf at its physical addresses, and run it until it",
	"shuts down; its console output goes to stdout.  An afterburnt",
	"Multiboot kernel or Linux vmlinux (32-bit boot protocol, command line",
	"console=ttyS0 unless --append, plus reservetop=) runs under the",
	"in-place VMM (ipvmm.elf, at the top of RAM); with --no-ipvmm the",
	"guest runs raw at ring 1 with paging off.  SIGINT or SIGTERM stops",
	"the guest.",
	"A guest reboot starts the guest again from the same files in a new",
	"VM (one line on stderr says so), with the same disk and console;",
	"the 10th reboot within 10 s is a reboot loop and ends burnctl.  With",
	"--no-reboot a reboot ends burnctl with status 0, like a power-off.",
	"Exit status: the guest's shutdown status (0 for a power-off); 0 for",
	"a reboot with --no-reboot; 7 if the guest halted for good (reason",
	"\"halted\"); 6 if it ended otherwise (faulted, crashed, stopped,",
	"destroyed, a reboot loop); the reason is on stderr.",
	"With --console stdio (the default) standard input is the guest's",
	"console input: a terminal is switched to raw mode (every key goes to",
	"the guest; Ctrl-a x stops it, Ctrl-a Ctrl-a sends Ctrl-a), a pipe or",
	"file is sent until its end.  --console none sends nothing.",
	"--disk FILE serves the guest's block requests from FILE (read-write,",
	"512-byte sectors); without it they fail with ENODEV.",
	"--detach runs the VM in a daemon whose console is a new pty, and",
	"exits 0 once the guest runs, printing \"vm ID console PTY\";",
	"`burnctl console ID` attaches to it, `burnctl stop ID` ends it.",
	"Needs CAP_NET_ADMIN.",
	NULL
};

/* Largest guest file we read: no 32-bit guest needs more. */
#define GUEST_FILE_MAX (512u << 20)

/* Multiboot v1: what the boot loader tells the kernel. */
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2BADB002u
#define MULTIBOOT_INFO_MEMORY		0x1u
#define MULTIBOOT_INFO_SIZE		88

struct start_ctx {
	const char *file;
	const char *disk_path;
	struct disk disk;
	struct burn_block_req block;
	bool console;
	bool detach;
	uint64_t mem;
	uint32_t id;
	struct guest_image img;
	uint8_t *buf;
	size_t len;
	bool no_ipvmm;
	bool no_reboot;
	struct reboot_guard reboots;
	struct start_ipvmm_opts ipvmm;
	struct start_ipvmm plan;	/* without --no-ipvmm */
};

/* Read the whole guest file into ctx->buf. */
static int read_guest(struct start_ctx *ctx)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd;

	fd = open(ctx->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		burnctl_err("start", "%s: %s", ctx->file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > GUEST_FILE_MAX) {
		burnctl_err("start", "%s: not a regular file of at most 512M",
			    ctx->file);
		close(fd);
		return -1;
	}
	ctx->len = (size_t)st.st_size;
	ctx->buf = malloc(ctx->len ? ctx->len : 1);
	while (ctx->buf && got < ctx->len) {
		n = read(fd, ctx->buf + got, ctx->len - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!ctx->buf || got != ctx->len) {
		burnctl_err("start", "%s: cannot read it", ctx->file);
		return -1;
	}
	return 0;
}

static int created_reply(struct nlattr **tb, void *arg)
{
	uint32_t *id = arg;

	if (!tb[BURNVMM_A_VM_ID])
		return -EPROTO;
	*id = nla_get_u32(tb[BURNVMM_A_VM_ID]);
	return 0;
}

static int create_vm(struct burn_nl *nl, struct start_ctx *ctx)
{
	struct nl_msg *msg = burn_nl_msg(nl, BURNVMM_CMD_VM_CREATE, false);

	burn_nl_put_u64(&msg, BURNVMM_A_MEM_SIZE, ctx->mem);
	return burn_nl_request(nl, msg, created_reply, &ctx->id);
}

/* Write @len bytes at guest-physical @gpa, in chunks the ABI allows. */
int write_guest(struct burn_nl *nl, uint32_t id, uint64_t gpa,
		       const uint8_t *data, uint64_t len)
{
	struct nl_msg *msg;
	uint64_t chunk;
	int err;

	while (len) {
		chunk = len < BURNVMM_MEM_WRITE_MAX ? len : BURNVMM_MEM_WRITE_MAX;
		msg = burn_nl_msg(nl, BURNVMM_CMD_VM_MEM_WRITE, false);
		burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
		burn_nl_put_u64(&msg, BURNVMM_A_GPA, gpa);
		burn_nl_put_data(&msg, BURNVMM_A_DATA, data, chunk);
		err = burn_nl_request(nl, msg, NULL, NULL);
		if (err)
			return err;
		gpa += chunk;
		data += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * Multiboot information for a Multiboot kernel: just the memory sizes,
 * on the first page after the image.  Returns its address, 0 if none is
 * needed, or -1 if it does not fit.
 */
static int64_t write_multiboot_info(struct burn_nl *nl, struct start_ctx *ctx,
				    int *err)
{
	uint32_t info[MULTIBOOT_INFO_SIZE / 4] = { 0 };
	uint64_t at = (ctx->img.load_end + 4095) & ~4095ULL;

	*err = 0;
	if (!ctx->img.multiboot)
		return 0;
	if (at + sizeof(info) > ctx->mem)
		return -1;
	info[0] = MULTIBOOT_INFO_MEMORY;
	info[1] = 640;					/* mem_lower, KiB */
	info[2] = (uint32_t)((ctx->mem >> 10) - 1024);	/* mem_upper, KiB */
	*err = write_guest(nl, ctx->id, at, (const uint8_t *)info,
			   sizeof(info));
	return (int64_t)at;
}

/* Load the image, the boot registers, and start the VCPU. */
static int load_and_start(struct burn_nl *nl, struct start_ctx *ctx)
{
	const struct guest_segment *seg;
	struct nl_msg *msg;
	int64_t mbi;
	unsigned int i;
	int err;

	for (i = 0; i < ctx->img.nr_segments; i++) {
		seg = &ctx->img.segments[i];
		err = write_guest(nl, ctx->id, seg->paddr,
				  ctx->buf + seg->offset, seg->filesz);
		if (err)
			return err;
	}
	mbi = write_multiboot_info(nl, ctx, &err);
	if (err)
		return err;
	if (mbi < 0) {
		snprintf(nl->errmsg, sizeof(nl->errmsg),
			 "%s: no room for the Multiboot information in guest RAM",
			 ctx->file);
		return -ENOSPC;
	}
	msg = burn_nl_msg(nl, BURNVMM_CMD_VCPU_SET_REGS, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, ctx->id);
	burn_nl_put_u32(&msg, BURNVMM_A_REG_EIP, ctx->img.entry);
	/* A stack at the top of RAM, for guests that do not set their own. */
	burn_nl_put_u32(&msg, BURNVMM_A_REG_ESP, (uint32_t)ctx->mem);
	if (mbi) {
		burn_nl_put_u32(&msg, BURNVMM_A_REG_EAX,
				MULTIBOOT_BOOTLOADER_MAGIC);
		burn_nl_put_u32(&msg, BURNVMM_A_REG_EBX, (uint32_t)mbi);
	}
	err = burn_nl_request(nl, msg, NULL, NULL);
	if (err)
		return err;
	msg = burn_nl_msg(nl, BURNVMM_CMD_VCPU_START, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, ctx->id);
	return burn_nl_request(nl, msg, NULL, NULL);
}

/* CONSOLE events: the guest's bytes, as they are, to stdout. */
static void print_console(uint32_t id, const void *data, size_t len, void *arg)
{
	const struct start_ctx *ctx = arg;

	if (id != ctx->id)
		return;
	fwrite(data, 1, len, stdout);
	fflush(stdout);
}

/* Options, operands and the guest file; returns an exit code or -1. */
static int start_setup(int argc, char **argv, struct start_ctx *ctx)
{
	const char *console = NULL;
	const struct option opts[] = {
		OPT_SIZE_ARG('m', "mem", &ctx->mem, "SIZE",
			     "guest RAM, e.g. 16M (default 128M)"),
		OPT_BOOLEAN(0, "no-ipvmm", &ctx->no_ipvmm,
			    "run the guest raw, without the in-place VMM"),
		OPT_STRING_ARG(0, "console", &console, "MODE",
			       "stdio (default): stdin is console input; none"),
		OPT_BOOLEAN(0, "detach", &ctx->detach,
			    "run as a daemon, the console on a new pty"),
		OPT_STRING_ARG(0, "disk", &ctx->disk_path, "FILE",
			       "the guest's disk (read-write)"),
		OPT_BOOLEAN(0, "no-reboot", &ctx->no_reboot,
			    "a guest reboot ends burnctl (status 0)"),
		OPT_STRING_ARG(0, "ipvmm", &ctx->ipvmm.ipvmm, "FILE",
			       "the in-place VMM image (default: ipvmm.elf next to burnctl)"),
		OPT_STRING_ARG(0, "append", &ctx->ipvmm.append, "ARGS",
			       "the guest's command line"),
		OPT_STRING_ARG(0, "initrd", &ctx->ipvmm.initrd, "FILE",
			       "a Multiboot module, or Linux's initrd"),
		OPT_TERMINATOR
	};
	char why[200];
	int n;

	n = parse_options("start", argc, argv, opts, start_usage, stdout,
			  stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n != 1) {
		burnctl_err("start", "expected one guest file (see 'burnctl start --help')");
		return EXIT_USAGE;
	}
	if (console && ctx->detach) {
		burnctl_err("start", "--console does not go with --detach: a detached VM's console is its pty");
		return EXIT_USAGE;
	}
	if (!console)
		console = "stdio";
	if (strcmp(console, "stdio") && strcmp(console, "none")) {
		burnctl_err("start", "invalid --console '%s': expected stdio or none",
			    console);
		return EXIT_USAGE;
	}
	ctx->console = !strcmp(console, "stdio");
	if (ctx->no_ipvmm && (ctx->ipvmm.ipvmm || ctx->ipvmm.append ||
			      ctx->ipvmm.initrd)) {
		burnctl_err("start", "--ipvmm, --append and --initrd need the in-place VMM (no --no-ipvmm)");
		return EXIT_USAGE;
	}
	ctx->file = argv[0];
	if (ctx->disk_path &&
	    disk_open(&ctx->disk, ctx->disk_path, why, sizeof(why))) {
		burnctl_err("start", "--disk %s: %s", ctx->disk_path, why);
		return EXIT_FAILURE_GENERIC;
	}
	ctx->ipvmm.disk_sectors = ctx->disk.sectors;	/* 0 without --disk */
	if (read_guest(ctx))
		return EXIT_FAILURE_GENERIC;
	if (elf_parse(ctx->buf, ctx->len, ctx->mem, &ctx->img, why,
		      sizeof(why))) {
		burnctl_err("start", "%s: %s%s", ctx->file, why,
			    ctx->no_ipvmm ? "" :
			    " (the in-place VMM runs afterburnt Multiboot kernels and Linux vmlinux files)");
		return EXIT_FAILURE_GENERIC;
	}
	if (!ctx->no_ipvmm &&
	    start_ipvmm_prepare(&ctx->plan, ctx->file, ctx->buf, ctx->len,
				ctx->mem, &ctx->ipvmm, why, sizeof(why))) {
		burnctl_err("start", "%s", why);
		return EXIT_FAILURE_GENERIC;
	}
	return -1;
}

/* Load the guest into the new VM ctx->id and start it. */
static int load_vm(struct burn_nl *nl, struct start_ctx *ctx)
{
	if (ctx->no_ipvmm)
		return load_and_start(nl, ctx);
	return start_ipvmm_load(nl, ctx->id, &ctx->plan);
}

/*
 * The guest of VM @sv->id rebooted: as a machine reset would, start it
 * again from the same images (read once, at the start: a file changed
 * since does not change the guest) in a new VM, since a VM runs only
 * once.  The old VM goes first, so that the new one fits in the
 * module's limits.  The disk, the console and the daemon's pty carry
 * on.  Returns -1 once the new guest runs, else the exit code.
 */
static int restart_vm(struct start_ctx *ctx, struct serve_vm *sv,
		      struct detach *dt)
{
	uint32_t old = ctx->id;
	int err;

	if (!reboot_guard_allow(&ctx->reboots, burnctl_now_ms())) {
		fprintf(stderr, "burnctl: start: VM %u ended: guest rebooted (%d reboots within %d s: a reboot loop, not restarted)\n",
			old, REBOOT_LOOP_MAX, REBOOT_LOOP_MS / 1000);
		return EXIT_GUEST_ENDED;
	}
	burnctl_destroy_vm(sv->ctl, old);	/* -ENOENT: gone already */
	sv->nl->ended_pending = false;
	ctx->block.pending = false;
	err = create_vm(sv->nl, ctx);
	/* The module gives the lowest free id: usually the old one. */
	if (!err && ctx->id == old)
		fprintf(stderr, "burnctl: start: VM %u: guest rebooted, restarting\n",
			old);
	else if (!err)
		fprintf(stderr, "burnctl: start: VM %u: guest rebooted, restarting as VM %u\n",
			old, ctx->id);
	if (!err)
		err = load_vm(sv->nl, ctx);
	if (err) {
		fprintf(stderr, "burnctl: start: VM %u: guest rebooted, cannot restart it\n",
			old);
		return burnctl_report(sv->nl, "start", err);
	}
	if (dt)
		detach_moved(dt, ctx->id, burn_nl_port(sv->nl));
	sv->id = ctx->id;
	return -1;
}

/*
 * Create, load and start the VM, then serve it until it ends, and again
 * after each reboot; @dt is the daemon's state with --detach, else NULL.
 * Returns the exit code.  Two sockets: @nl owns the VM and takes its
 * events, @ctl asks while it runs (serve.h says why).
 */
static int start_run(struct start_ctx *ctx, struct detach *dt, bool stdin_open)
{
	struct serve_vm sv = { .cmd = "start", .disk = &ctx->disk,
			       .no_reboot = ctx->no_reboot };
	struct console_in ci;
	struct burn_nl nl, ctl;
	int rc, err;

	sv.sfd = serve_block_signals();
	if (sv.sfd < 0) {
		burnctl_err("start", "signalfd: %s", strerror(errno));
		return EXIT_FAILURE_GENERIC;
	}
	rc = burnctl_open(&nl, "start");
	if (rc)
		goto close_sfd;
	rc = burnctl_open(&ctl, "start");
	if (rc)
		goto close_nl;
	nl.console_fn = dt ? detach_console_out : print_console;
	nl.console_arg = dt ? (void *)dt : (void *)ctx;
	nl.block_req = &ctx->block;
	err = create_vm(&nl, ctx);
	if (!err)
		err = load_vm(&nl, ctx);
	if (err) {
		rc = burnctl_report(&nl, "start", err);
		goto close_ctl;
	}
	if (dt && detach_ready(dt, ctx->id, burn_nl_port(&nl))) {
		rc = EXIT_FAILURE_GENERIC;
		goto close_ctl;
	}
	/* Only now: errors before this point print on a sane terminal. */
	if (dt)
		console_in_open_fd(&ci, dt->master);
	else
		console_in_open(&ci, ctx->console && stdin_open);
	sv.nl = &nl;
	sv.ctl = &ctl;
	sv.id = ctx->id;
	sv.ci = &ci;
	sv.tell_end = dt != NULL;
	do {
		rc = serve_vm(&sv);
	} while (sv.rebooted && (rc = restart_vm(ctx, &sv, dt)) < 0);
	console_in_close(&ci);
close_ctl:
	burn_nl_close(&ctl);
close_nl:
	/* Closing the socket destroys the VM (it is ours). */
	burn_nl_close(&nl);
close_sfd:
	close(sv.sfd);
	return rc;
}

int cmd_start(int argc, char **argv)
{
	struct start_ctx ctx = { .mem = 128ULL << 20, .disk = { .fd = -1 } };
	struct detach dt;
	int rc;
	/*
	 * Before anything is opened: with standard input closed, the next
	 * descriptor opened would be 0 and be taken for it.
	 */
	bool stdin_open = fcntl(STDIN_FILENO, F_GETFD) >= 0;

	rc = start_setup(argc, argv, &ctx);
	if (rc >= 0)
		goto free_buf;
	if (ctx.detach) {
		/* The process the user started returns here, the daemon not. */
		rc = detach_prepare(&dt);
		if (rc < 0)
			rc = detach_fork(&dt, ctx.disk.fd);
		if (rc >= 0)
			goto free_buf;
	}
	rc = start_run(&ctx, ctx.detach ? &dt : NULL, stdin_open);
	if (ctx.detach)
		detach_end(&dt, rc);
free_buf:
	start_ipvmm_free(&ctx.plan);
	free(ctx.buf);
	disk_close(&ctx.disk);
	return rc;
}
