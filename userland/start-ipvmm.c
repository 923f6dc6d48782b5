// SPDX-License-Identifier: GPL-2.0
/*
 * start-ipvmm.c - the in-place VMM half of `burnctl start GUEST.elf`:
 * find ipvmm.elf, plan guest RAM (ipvmm-layout.c), write every piece with
 * VM_MEM_WRITE, and start the VCPU at the IPVMM's physical entry with
 * EBX = the boot block.  The IPVMM does the rest inside the guest: it
 * rewrites the .afterburn sites and enters the guest's own entry point.
 *
 * Which ipvmm.elf: --ipvmm FILE, else $BURNCTL_IPVMM, else ipvmm.elf
 * next to the burnctl binary (build/ in the tree, / in the test VM's
 * initramfs is /bin so /bin/ipvmm.elf there), else
 * ../lib/burnvmm/ipvmm.elf relative to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <burnvmm_config.h>
#include "ipvmm-layout.h"
#include "start-ipvmm.h"

#define IPVMM_FILE_MAX	(64u << 20)	/* ipvmm.elf, the initrd */

static int read_file(const char *path, uint8_t **buf, size_t *len,
		     char *why, size_t why_len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd;

	*buf = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)IPVMM_FILE_MAX) {
		snprintf(why, why_len, "%s: %s", path,
			 fd < 0 ? strerror(errno) :
			 "not a regular file of at most 64M");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*len = (size_t)st.st_size;
	*buf = malloc(*len ? *len : 1);
	while (*buf && got < *len) {
		n = read(fd, *buf + got, *len - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!*buf || got != *len) {
		snprintf(why, why_len, "%s: cannot read it", path);
		return -1;
	}
	return 0;
}

/* The default ipvmm.elf, or NULL. */
static const char *find_ipvmm(char *path, size_t size)
{
	static const char *const rel[] = { "ipvmm.elf",
					   "../lib/burnvmm/ipvmm.elf" };
	char self[PATH_MAX];
	ssize_t n;
	char *slash;
	unsigned int i;

	if (getenv("BURNCTL_IPVMM"))
		return getenv("BURNCTL_IPVMM");
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return NULL;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	for (i = 0; i < 2; i++) {
		if (snprintf(path, size, "%.*s/%s", (int)(size - 32), self,
			     rel[i]) >= (int)size)
			continue;
		if (!access(path, R_OK))
			return path;
	}
	return NULL;
}

static int load_pieces(struct burn_nl *nl, uint32_t id,
		       const struct ipvmm_layout *lay)
{
	unsigned int i;
	int err;

	for (i = 0; i < lay->nr_pieces; i++) {
		err = write_guest(nl, id, lay->piece[i].gpa, lay->piece[i].data,
				  lay->piece[i].len);
		if (err)
			return err;
	}
	return 0;
}

static int set_regs_and_start(struct burn_nl *nl, uint32_t id,
			      const struct ipvmm_layout *lay)
{
	struct nl_msg *msg;
	int err;

	msg = burn_nl_msg(nl, BURNVMM_CMD_VCPU_SET_REGS, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	burn_nl_put_u32(&msg, BURNVMM_A_REG_EIP, lay->eip);
	burn_nl_put_u32(&msg, BURNVMM_A_REG_EBX, lay->ebx);
	/* The IPVMM sets its own stack once its window is mapped. */
	burn_nl_put_u32(&msg, BURNVMM_A_REG_ESP, (uint32_t)lay->ipvmm_gpa);
	err = burn_nl_request(nl, msg, NULL, NULL);
	if (err)
		return err;
	msg = burn_nl_msg(nl, BURNVMM_CMD_VCPU_START, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	return burn_nl_request(nl, msg, NULL, NULL);
}

int start_ipvmm_prepare(struct start_ipvmm *s, const char *file,
			const uint8_t *buf, size_t len, uint64_t mem,
			const struct start_ipvmm_opts *o, char *why,
			size_t why_len)
{
	struct ipvmm_layout_in in = {
		.guest = buf, .guest_len = len, .mem = mem,
		.window_gva = CONFIG_BURNVMM_WINDOW_BASE, .cmdline = o->append,
		.disk_sectors = o->disk_sectors,
	};
	const char *path = o->ipvmm;
	char found[PATH_MAX];

	memset(s, 0, sizeof(*s));
	if (!path)
		path = find_ipvmm(found, sizeof(found));
	if (!path) {
		snprintf(why, why_len,
			 "no ipvmm.elf next to burnctl: give --ipvmm FILE (a raw ring-1 guest needs --no-ipvmm)");
		return -1;
	}
	if (read_file(path, &s->ipvmm, &in.ipvmm_len, why, why_len))
		return -1;
	in.ipvmm = s->ipvmm;
	if (o->initrd) {
		in.nr_modules = 1;
		in.modules[0].name = o->initrd;
		if (read_file(o->initrd, &s->initrd, &in.modules[0].len, why,
			      why_len))
			return -1;
		in.modules[0].data = s->initrd;
	}
	if (ipvmm_layout_plan(&in, &s->lay)) {
		snprintf(why, why_len, "%s: %s", file, s->lay.why);
		return -1;
	}
	return 0;
}

int start_ipvmm_load(struct burn_nl *nl, uint32_t id,
		     const struct start_ipvmm *s)
{
	int err = load_pieces(nl, id, &s->lay);

	return err ? err : set_regs_and_start(nl, id, &s->lay);
}

void start_ipvmm_free(struct start_ipvmm *s)
{
	ipvmm_layout_free(&s->lay);
	free(s->ipvmm);
	free(s->initrd);
	s->ipvmm = NULL;
	s->initrd = NULL;
}
