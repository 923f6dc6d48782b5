# SPDX-License-Identifier: GPL-2.0
#
# tests/unit/linux-boot.mk - host unit tests of burnctl's Linux boot
# protocol loader (userland/linux-boot.c): cmocka with ASan and UBSan,
# synthetic and hostile ELFs, and the real afterburnt vmlinux in
# build/guests/linux/ when `make guest-linux` has built it (skipped
# otherwise, so this runner never builds a kernel).

LINUX_BOOT_UNIT := $(BUILD)/tests/unit/linux-boot-unit
LINUX_BOOT_UNIT_CFLAGS = $(HOST_CFLAGS) -I$(SRC)/userland \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-DLINUX_BOOT_VMLINUX='"$(abspath $(BUILD))/guests/linux/vmlinux"'

$(LINUX_BOOT_UNIT): tests/unit/linux-boot_test.c userland/linux-boot.c \
		userland/linux-boot.h | deps
	$(call MSG,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(LINUX_BOOT_UNIT_CFLAGS) -o $@ \
		tests/unit/linux-boot_test.c userland/linux-boot.c -lcmocka

CHECK_PREREQS += $(LINUX_BOOT_UNIT)
CHECK_RUNNERS += $(LINUX_BOOT_UNIT)
