# SPDX-License-Identifier: GPL-2.0
#
# tests/guest-linux/linux-guest.mk - the Linux guest's userland, its
# scripted test run natively, and an interactive native boot (issue 8).
#
#   make guest-linux-rootfs   build/guests/linux/rootfs.cpio.gz (busybox
#                             i386 from Debian, /init, the test, burntest)
#   make run-linux-native     boot the afterburnt bzImage with that rootfs
#                             and a disk in qemu-system-i386, console on
#                             this terminal (C-a x quits)
#   runner linux-native       boots three times with burnvmm.test=1 (the
#                             third through burnctl's loader): TAP of the
#                             guest's results and the host's disk checks
#
# The runner brings the kernel and rootfs up to date itself, as
# afterburn-linux does, so `make check T=other` never builds a kernel.

GL_DIR := $(SRC)/tests/guest-linux
GL_TBUILD := $(BUILD)/tests/guest-linux
GL_ROOTFS := $(GUEST_LINUX_DIR)/rootfs.cpio.gz
GL_ROOTFS_INPUTS := $(GL_DIR)/build-rootfs $(GL_DIR)/rootfs/init \
	$(GL_DIR)/rootfs/burnvmm-test $(GL_DIR)/rootfs/burntest.c
GL_DISK := $(GUEST_LINUX_DIR)/disk.img
GL_APPEND ?= console=ttyS0 pata_legacy.all=1

$(GL_ROOTFS): $(GL_ROOTFS_INPUTS) | deps
	$(call MSG,ROOTFS,$@)
	$(Q)$(GL_DIR)/build-rootfs $(GUEST_LINUX_DIR)

.PHONY: guest-linux-rootfs
guest-linux-rootfs: $(GL_ROOTFS)

$(GL_DISK):
	$(Q)mkdir -p $(@D)
	$(Q)truncate -s 64M $@.tmp && mke2fs -q -F -t ext2 -L burnvmm $@.tmp
	$(Q)mv $@.tmp $@

.PHONY: run-linux-native
run-linux-native: $(GUEST_LINUX_STAMP) $(GL_ROOTFS) $(GL_DISK)
	$(Q)qemu-system-i386 -accel tcg -m 256M -nodefaults -display none \
		-serial mon:stdio -no-reboot \
		-drive file=$(GL_DISK),format=raw,if=ide,index=0 \
		-kernel $(GUEST_LINUX_DIR)/bzImage -initrd $(GL_ROOTFS) \
		-append "$(GL_APPEND)"

$(GL_TBUILD)/linux-native: $(GL_DIR)/linux-native.sh
	$(Q)mkdir -p $(@D)
	$(Q)printf '#!/bin/sh\nexec %s %s\n' '$(GL_DIR)/linux-native.sh' \
		'$(abspath $(BUILD)) $(SRC) $(sort $(AFTERBURN_TOOL_SRCS))' >$@
	$(Q)chmod +x $@

CHECK_PREREQS += $(AFTERBURN_CC) $(AFTERBURN_SITES) $(GL_TBUILD)/linux-native
CHECK_RUNNERS += $(GL_TBUILD)/linux-native

# linux_boot_load()'s output as a Multiboot ELF, for the runner's third
# boot: the kernel started by burnctl's loader instead of QEMU's.
$(GL_TBUILD)/linux-boot-image: $(GL_DIR)/linux-boot-image.c \
		userland/linux-boot.c userland/linux-boot.h
	$(call MSG,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -I$(SRC)/userland -o $@ \
		$(GL_DIR)/linux-boot-image.c userland/linux-boot.c
CHECK_PREREQS += $(GL_TBUILD)/linux-boot-image
