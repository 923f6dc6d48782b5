# SPDX-License-Identifier: GPL-2.0
#
# tests/kmod-guests/kmod-guests.mk - raw ring-1 test guests for
# burnvmm.ko: freestanding 32-bit ELF images run by
# `burnctl start --no-ipvmm` in the test host VM
# (tests/selftests/kmod_guests.sh).  Each guest is start.S + upcall.S +
# lib.c + one <name>.c whose main() returns the shutdown status.  big.elf is hello
# linked at 127 MiB, an image that does not fit a small VM.

KGUEST_DIR := $(BUILD)/kmod-guests
KGUEST_NAMES := $(basename $(notdir $(filter-out tests/kmod-guests/lib.c, \
	$(wildcard tests/kmod-guests/*.c))))
KGUEST_ELFS := $(KGUEST_NAMES:%=$(KGUEST_DIR)/%.elf) $(KGUEST_DIR)/big.elf
KGUEST_RT := $(KGUEST_DIR)/start.o $(KGUEST_DIR)/upcall.o $(KGUEST_DIR)/lib.o
KGUEST_LD := tests/kmod-guests/guest.ld
KGUEST_CFLAGS := $(GUEST_CFLAGS) -Itests/kmod-guests

# Keep the objects: they are small, and make would otherwise delete and
# rebuild them as intermediates.
.SECONDARY: $(KGUEST_NAMES:%=$(KGUEST_DIR)/%.o) $(KGUEST_RT)

# fpu.c alone touches SSE and x87 registers, which it checks.
$(KGUEST_DIR)/fpu.o: KGUEST_CFLAGS += -msse2

$(KGUEST_DIR)/%.o: tests/kmod-guests/%.c tests/kmod-guests/kguest.h \
		tests/kmod-guests/pgtab.h tests/kmod-guests/descswap.h \
		tests/kmod-guests/ring3.h \
		include/burnvmm/vcpu.h \
		include/burnvmm/hypercall.h include/burnvmm/types.h | deps
	$(call MSG,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(GUEST_CC) $(KGUEST_CFLAGS) -c $< -o $@

$(KGUEST_DIR)/%.o: tests/kmod-guests/%.S | deps
	$(call MSG,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(GUEST_CC) $(KGUEST_CFLAGS) -c $< -o $@

$(KGUEST_DIR)/%.elf: $(KGUEST_DIR)/%.o $(KGUEST_RT) $(KGUEST_LD)
	$(call MSG,LD,$@)
	$(Q)ld $(GUEST_LDFLAGS) --no-warn-rwx-segments -T $(KGUEST_LD) \
		--defsym=GUEST_BASE=0x100000 -o $@ $(KGUEST_RT) $<

$(KGUEST_DIR)/big.elf: $(KGUEST_DIR)/hello.o $(KGUEST_RT) $(KGUEST_LD)
	$(call MSG,LD,$@)
	$(Q)ld $(GUEST_LDFLAGS) --no-warn-rwx-segments -T $(KGUEST_LD) --defsym=GUEST_BASE=0x7f00000 \
		-o $@ $(KGUEST_RT) $<

ALL_TARGETS += $(KGUEST_ELFS)
CHECK_PREREQS += $(KGUEST_ELFS)
