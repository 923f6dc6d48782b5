# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/vm.mk - the test host VM: the debug test kernel and the module
# built for it, the selftests, the two in-VM runners (Debian's stock kernel
# and the test kernel), and `make run`.

# The test kernel is cached outside the tree (tests/vm/test-kernel); this
# stamp in build/ records which cached build the module was made against.
TESTKERNEL_DIR = $(shell $(SRC)/tests/vm/test-kernel)
STOCK_VMLINUZ = $(shell $(SRC)/tests/vm/stock-kernel)

# Built only for `make check` and `make run`, not for plain `make`; rebuilt
# whenever the cached test kernel it targets changes.
$(BUILD)/kmod/test.kdir: FORCE | deps
	$(Q)$(SRC)/scripts/update-if-changed $@ "$(TESTKERNEL_DIR)"

$(BUILD)/kmod/test/burnvmm.ko: $(KMOD_SRCS) $(CONFIG_H) scripts/build-kmod \
		$(BUILD)/kmod/test.kdir | deps $(BUILD)/kmod/.dir
	$(call MSG,KBUILD,burnvmm.ko [test kernel])
	+$(Q)BUILD=$(abspath $(BUILD)) $(SRC)/scripts/build-kmod \
		$(abspath $(BUILD))/kmod/test $$(cat $(BUILD)/kmod/test.kdir) $(KMOD_ARGS) \
		>$(BUILD)/kmod/test.log 2>&1 || \
		{ cat $(BUILD)/kmod/test.log; exit 1; }
	$(Q)if grep -q 'warning:' $(BUILD)/kmod/test.log; then \
		cat $(BUILD)/kmod/test.log; exit 1; fi
	$(Q)touch $@	# Kbuild leaves an up-to-date module's time alone

# The runners are tiny scripts with every path baked in, so that
# scripts/run-checks can run them without arguments.
$(BUILD)/tests/vm/vm-stock: tests/vm/vm.mk | $(BUILD)/burnvmm.ko
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec %s stock %s %s\n' \
		"$(SRC)/tests/vm/vmtest" "$(STOCK_VMLINUZ)" \
		"$(abspath $(BUILD))/burnvmm.ko" >$@
	$(Q)chmod +x $@

# The debug kernel runs everything several times slower: its VM once
# ran 864 s of the default 900; with the Linux guest's two scripted boots
# (linux_guest.sh) it took 477 s after the shadow prefetch.  Headroom for
# a loaded machine; QEMU_TIMEOUT in the environment still wins.
VM_TESTKERNEL_QEMU_TIMEOUT ?= 1800
$(BUILD)/tests/vm/vm-testkernel: tests/vm/vm.mk | $(BUILD)/kmod/test/burnvmm.ko
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\n: "$${QEMU_TIMEOUT:=%s}"\nexport QEMU_TIMEOUT\nexec %s testkernel %s %s %s\n' \
		"$(VM_TESTKERNEL_QEMU_TIMEOUT)" \
		"$(SRC)/tests/vm/vmtest" \
		"$(TESTKERNEL_DIR)/arch/x86/boot/bzImage" \
		"$(abspath $(BUILD))/kmod/test/burnvmm.ko" \
		"$(KUNIT_SUITES)" >$@
	$(Q)chmod +x $@

# Every KUnit suite burnvmm.ko carries; each must report in the VM.
KUNIT_SUITES := burnvmm_vm burnvmm_netlink burnvmm_mem burnvmm_hypercall \
	burnvmm_switch burnvmm_shadow burnvmm_upcall

# The test guest's native TAP, the reference ipvmm_testguest.sh compares
# the run under burnvmm with: the native runner leaves it behind (its own
# verdict does not matter here, it is a runner of its own).
$(BUILD)/guests/testguest-native.tap: $(TG_ELF) $(TG_RUNNER)
	$(call MSG,RUN,$(@:$(BUILD)/%=%))
	$(Q)$(TG_RUNNER) >/dev/null 2>&1 || true
	$(Q)test -s $@

# ... and its test disk (docs/testguest.md, "Disk"), which the native run
# makes: ipvmm_testguest.sh serves a copy of it with --disk.
$(BUILD)/guests/testguest-disk.img: $(BUILD)/guests/testguest-native.tap
	$(Q)test -s $@

# ... and a copy whose first .afterburn record has an unknown class (63):
# the IPVMM refuses to rewrite it and ends the VM as crashed, with that
# reason (ipvmm_testguest.sh).
$(BUILD)/guests/testguest-badsite.elf: $(TG_ELF)
	$(call MSG,GEN,$(@:$(BUILD)/%=%))
	$(Q)objcopy --dump-section .afterburn=$@.ab $< $@.tmp
	$(Q)printf '\077\000\000\000' | \
		dd of=$@.ab bs=1 seek=8 conv=notrunc 2>/dev/null
	$(Q)objcopy --update-section .afterburn=$@.ab $< $@
	$(Q)rm -f $@.ab $@.tmp

VM_PREREQS := $(BUILD)/burnctl $(BUILD)/burnvmm.ko $(BUILD)/kmod/test/burnvmm.ko \
	$(BUILD)/tests/selftests/control_test \
	$(BUILD)/ipvmm.elf $(BUILD)/guests/testguest.elf \
	$(BUILD)/guests/testguest-native.tap $(BUILD)/guests/testguest-disk.img \
	$(BUILD)/guests/testguest-badsite.elf
CHECK_PREREQS += $(VM_PREREQS) $(BUILD)/tests/vm/vm-stock \
	$(BUILD)/tests/vm/vm-testkernel
CHECK_RUNNERS += $(BUILD)/tests/vm/vm-stock $(BUILD)/tests/vm/vm-testkernel

# make run: Debian's stock kernel, as users run it, with the module loaded,
# the demo guest (chosen in tests/vm/demo) on this terminal, then a shell.
.PHONY: run
run: all $(VM_PREREQS) $(GUEST_LINUX_STAMP) $(GL_ROOTFS)
	$(Q)rm -f $(BUILD)/vm/linux-disk.img $(BUILD)/vm/linux-disk.img.gz
	$(Q)mkdir -p $(BUILD)/vm && truncate -s 64M $(BUILD)/vm/linux-disk.img && \
		mke2fs -q -F -t ext2 -L burnvmm $(BUILD)/vm/linux-disk.img && \
		gzip $(BUILD)/vm/linux-disk.img
	$(Q)BUILD=$(abspath $(BUILD)) $(SRC)/tests/vm/mkinitramfs \
		$(BUILD)/vm/run-initramfs.gz $(BUILD)/burnvmm.ko \
		tests/vm/run-all tests/vm/demo $(BUILD)/tests/selftests/* \
		$(BUILD)/kmod-guests/*.elf tests/selftests/*.sh \
		$(BUILD)/guests/testguest.elf $(BUILD)/guests/testguest-disk.img \
		$(GUEST_LINUX_DIR)/vmlinux $(GL_ROOTFS) $(BUILD)/vm/linux-disk.img.gz
	$(Q)$(SRC)/tests/vm/qemu-host $(STOCK_VMLINUZ) \
		$(BUILD)/vm/run-initramfs.gz run
