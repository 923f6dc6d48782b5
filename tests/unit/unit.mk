# SPDX-License-Identifier: GPL-2.0
#
# tests/unit/unit.mk - host unit tests of burnctl (cmocka), built with
# AddressSanitizer and UBSan so an out-of-bounds access fails the test
# instead of passing by luck.

UNIT_CFLAGS = $(filter-out -Wmissing-prototypes -Wmissing-declarations,$(HOST_CFLAGS)) \
	-I$(SRC)/userland -I$(SRC)/include/uapi -fsanitize=address,undefined -fno-sanitize-recover=all

$(BUILD)/tests/unit/burnctl-unit: tests/unit/burnctl_test.c userland/parse.c \
		userland/options.c userland/escape.c userland/runinfo.c \
		userland/reboot.c userland/parse.h userland/options.h \
		userland/escape.h userland/runinfo.h userland/reboot.h \
		include/burnvmm/statnames.h include/uapi/linux/burnvmm.h | deps
	$(call MSG,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(UNIT_CFLAGS) -o $@ tests/unit/burnctl_test.c \
		userland/parse.c userland/options.c userland/escape.c \
		userland/runinfo.c userland/reboot.c -lcmocka

CHECK_PREREQS += $(BUILD)/tests/unit/burnctl-unit
CHECK_RUNNERS += $(BUILD)/tests/unit/burnctl-unit

# Where burnctl puts a guest and the in-place VMM (userland/ipvmm-layout.c),
# checked on the real test guest and the real ipvmm.elf, and on the Linux
# vmlinux when `make guest-linux` built it (skipped otherwise).  userland/elf.h
# must not hide the system's <elf.h>, hence -iquote.
IPVMM_LAYOUT_UNIT := $(BUILD)/tests/unit/ipvmm-layout-unit
$(IPVMM_LAYOUT_UNIT): tests/unit/ipvmm-layout_test.c userland/ipvmm-layout.c \
		userland/elf.c userland/linux-boot.c userland/ipvmm-layout.h \
		userland/elf.h userland/linux-boot.h include/burnvmm/ipvmm.h \
		$(BUILD)/guests/testguest.elf $(BUILD)/ipvmm.elf | deps
	$(call MSG,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(filter-out -I$(SRC)/userland,$(UNIT_CFLAGS)) \
		-iquote $(SRC)/userland \
		-DTESTGUEST_ELF='"$(abspath $(BUILD))/guests/testguest.elf"' \
		-DIPVMM_ELF='"$(abspath $(BUILD))/ipvmm.elf"' \
		-DLINUX_VMLINUX='"$(abspath $(BUILD))/guests/linux/vmlinux"' -o $@ \
		tests/unit/ipvmm-layout_test.c userland/ipvmm-layout.c \
		userland/elf.c userland/linux-boot.c -lcmocka

CHECK_PREREQS += $(IPVMM_LAYOUT_UNIT)
CHECK_RUNNERS += $(IPVMM_LAYOUT_UNIT)
