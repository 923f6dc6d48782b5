/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runinfo.h - the runtime records of detached VMs: how `burnctl console
 * ID` finds the pseudo-terminal of a VM that `burnctl start --detach`
 * serves (docs/burnctl.1, FILES).
 *
 * The daemon keeps two files per VM in the runtime directory:
 *
 *   vmID.pty  the record: the pty's path on the first line (so that
 *             `head -1` or `cat` gives it to screen, minicom or a
 *             script), then "pid PID" (the daemon) and "port PORT" (the
 *             netlink port that owns the VM); written whole by rename,
 *             removed when the daemon ends
 *   vmID.log  the daemon's standard error: its diagnostics and how the
 *             VM ended; kept after it ends, until an id is reused
 *
 * The runtime directory is $BURNVMM_RUNDIR if set, else /run/burnvmm for
 * root, else $XDG_RUNTIME_DIR/burnvmm, else /tmp/burnvmm-UID.  It must be
 * a directory of the caller's uid (or root's) that nobody else can write:
 * a record is trusted to name a terminal, so one planted by another user
 * must never be read.
 *
 * A record outlives its daemon only after SIGKILL, and then names a pty
 * that may belong to somebody else by now; `burnctl console` therefore
 * trusts it only while the VM's owning port (VM_INFO) is the one it
 * names, which holds only while the daemon that wrote it lives.
 */
#ifndef BURNCTL_RUNINFO_H
#define BURNCTL_RUNINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* "/dev/pts/" and up to 10 digits, with room to spare. */
#define RUNINFO_PTY_MAX		32
/* A record is a few short lines; anything longer is not one of ours. */
#define RUNINFO_TEXT_MAX	256

struct runinfo {
	char pty[RUNINFO_PTY_MAX];	/* the slave: /dev/pts/N */
	int32_t pid;			/* the daemon serving the VM */
	uint32_t port;			/* the netlink port owning the VM */
};

/* Is @path a Unix98 pty slave's name, "/dev/pts/" and digits only? */
bool runinfo_pty_name_ok(const char *path);

/*
 * runinfo_format - the record's text for @ri into @buf (@len bytes);
 * returns its length, or -1 if @ri is not valid or does not fit.
 */
int runinfo_format(const struct runinfo *ri, char *buf, size_t len);

/*
 * runinfo_parse - the record in the NUL-terminated @text; 0, or -1 with
 * *@why saying what is wrong.  Every value is checked: a pty name per
 * runinfo_pty_name_ok(), a pid above 0, a port that fits in 32 bits.
 * Lines of other keys are skipped (a newer burnctl may add some).
 */
int runinfo_parse(const char *text, struct runinfo *ri, const char **why);

/*
 * runinfo_dir - the runtime directory's path into @buf; 0, or -1 if it
 * does not fit.
 */
int runinfo_dir(char *buf, size_t len);

/*
 * runinfo_path - "DIR/vmID.SUFFIX" into @buf; 0, or -1 if it does not
 * fit.
 */
int runinfo_path(char *buf, size_t len, const char *dir, uint32_t id,
		 const char *suffix);

/*
 * runinfo_dir_make - create the runtime directory @dir if needed (and
 * its parent, e.g. /run in an initramfs), then check it is safe to use;
 * 0, or -1 with a reason in @why (@n bytes).
 */
int runinfo_dir_make(const char *dir, char *why, size_t n);

/*
 * runinfo_write - write the record of VM @id into @dir: a temporary file,
 * then a rename, so a reader sees the whole record or none.  0, or -1
 * with a reason in @why.
 */
int runinfo_write(const char *dir, uint32_t id, const struct runinfo *ri,
		  char *why, size_t n);

/*
 * runinfo_read - read and check the record of VM @id from @dir; its
 * file's owner in *@owner.  0; -1 with a reason in @why; -2 when there
 * is no record at all.
 */
int runinfo_read(const char *dir, uint32_t id, struct runinfo *ri,
		 uid_t *owner, char *why, size_t n);

#endif /* BURNCTL_RUNINFO_H */
