// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs.c - /sys/kernel/debug/burnvmm/: one directory per VM, vm<ID>,
 * holding a "stats" file with the VM's counters, one "name value" line
 * each in enum burnvmm_stat order (names from <burnvmm/statnames.h>, the
 * same as `burnctl stat` prints).
 *
 * Debugfs is for people debugging, never something the module needs: a
 * kernel without it, or a directory that cannot be made, costs the file
 * and nothing else, and no error from here ever reaches a VM's creator.
 *
 * Lifetime: vm.c makes a VM's directory while the VM enters the registry
 * (under the registry lock, so nobody can end the VM before it has its
 * directory) and removes it when the VM leaves the registry, while the
 * registry's reference still keeps the VM alive.  debugfs_remove() waits
 * for readers that are inside the file's operations and makes later ones
 * fail, so the file never reads a freed VM.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/seq_file.h>
#include "burnvmm.h"
#include "burnvmm/statnames.h"

/* /sys/kernel/debug/burnvmm, or NULL/an ERR_PTR when there is none. */
static struct dentry *burn_debugfs_root;

static int burn_debugfs_stats_show(struct seq_file *m, void *unused)
{
	struct burn_vm *vm = m->private;
	char name[BURN_STAT_NAME_LEN];
	unsigned int i;

	for (i = 0; i < BURNVMM_STAT_COUNT; i++)
		seq_printf(m, "%s %llu\n", burn_stat_name(i, name, sizeof(name)),
			   burn_stat_read(&vm->vcpu.stats, i));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(burn_debugfs_stats);

/*
 * burn_debugfs_vm_add - make vm<ID>/stats for @vm, which has its id.
 * Failure is silent (see the top of the file); vm->debugfs is then an
 * ERR_PTR or NULL, which burn_debugfs_vm_remove() accepts.
 */
void burn_debugfs_vm_add(struct burn_vm *vm)
{
	char name[16];

	vm->debugfs = NULL;
	/* KUnit suites create VMs before the module's init made the root. */
	if (IS_ERR_OR_NULL(burn_debugfs_root))
		return;
	snprintf(name, sizeof(name), "vm%u", vm->id);
	vm->debugfs = debugfs_create_dir(name, burn_debugfs_root);
	debugfs_create_file("stats", 0444, vm->debugfs, vm,
			    &burn_debugfs_stats_fops);
}

/*
 * burn_debugfs_vm_remove - take @vm's directory away, waiting for any
 * reader still inside it.  May sleep; idempotent.
 */
void burn_debugfs_vm_remove(struct burn_vm *vm)
{
	debugfs_remove(vm->debugfs);
	vm->debugfs = NULL;
}

void burn_debugfs_init(void)
{
	burn_debugfs_root = debugfs_create_dir("burnvmm", NULL);
}

/* After every VM has gone, so the directory is empty. */
void burn_debugfs_fini(void)
{
	debugfs_remove(burn_debugfs_root);
	burn_debugfs_root = NULL;
}
