# SPDX-License-Identifier: GPL-2.0
#
# devices/devices.mk - the device models, built twice from the same
# sources: 32-bit freestanding for the in-place VMM, 64-bit for the host
# tests.  See the contract at the top of the top-level Makefile.
#
#   build/devices/libdevices32.a        linked into the IPVMM (make all)
#   build/devices/libdevices32.checked  proof it needs nothing outside
#                                        itself (no libc, no libgcc)
#   build/devices/config-matrix.checked platform.c builds with each
#                                        CONFIG_BURNVMM_DEV_* alone/none
#   build/tests/devices/devices-unit    cmocka tests, one flat TAP stream
#   build/tests/devices/devices-fuzz    libFuzzer run, bounded in time
#
# Variables are prefixed devices_ because every fragment shares one make.

devices_names := dev i8259 intlogic i8254 uart16550 mc146818 i8042 pci \
	pci-table ata sysctl platform
devices_srcs := $(devices_names:%=$(SRC)/devices/%.c)
devices_hdrs := $(wildcard $(SRC)/devices/*.h) \
	$(SRC)/include/burnvmm/types.h $(CONFIG_H)

devices_lib32 := $(BUILD)/devices/libdevices32.a
devices_lib64 := $(BUILD)/devices/libdevices64.a
devices_obj32 := $(devices_names:%=$(BUILD)/devices/obj32/%.o)
devices_obj64 := $(devices_names:%=$(BUILD)/devices/obj64/%.o)

# Host tests run under ASan/UBSan: a model that reads past a FIFO or
# shifts too far fails the unit tests, not only the fuzzer.
devices_sanitize := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
devices_host_cflags := $(HOST_CFLAGS) $(devices_sanitize)

$(BUILD)/devices/obj32/%.o: $(SRC)/devices/%.c $(devices_hdrs)
	$(call MSG,CC32,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/devices/obj64/%.o: $(SRC)/devices/%.c $(devices_hdrs)
	$(call MSG,CC,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(devices_host_cflags) -c $< -o $@

$(devices_lib32): $(devices_obj32)
	$(call MSG,AR,$(@:$(BUILD)/%=%))
	$(Q)rm -f $@ && ar rcs $@ $^

$(devices_lib64): $(devices_obj64)
	$(call MSG,AR,$(@:$(BUILD)/%=%))
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/devices/libdevices32.checked: $(devices_lib32) \
		$(SRC)/tests/devices/check-freestanding
	$(call MSG,CHECK,$(<:$(BUILD)/%=%))
	$(Q)$(SRC)/tests/devices/check-freestanding $< && touch $@

# Each device alone, and none: the #ifdef CONFIG_BURNVMM_DEV_* blocks of
# platform.c must compile in every combination a .config can produce.
# -DBURNVMM_CONFIG_H skips the generated header so only these count.
devices_config_sets := NONE PIC PIT UART RTC I8042 PCI ATA DEBUGEXIT
$(BUILD)/devices/config-matrix.checked: $(SRC)/devices/platform.c \
		$(SRC)/devices/intlogic.c $(devices_hdrs)
	$(call MSG,CONFIGS,devices/platform.c)
	$(Q)for s in $(devices_config_sets); do \
		for f in platform intlogic; do \
			$(GUEST_CC) $(GUEST_CFLAGS) -DBURNVMM_CONFIG_H \
				-DCONFIG_BURNVMM_ASSERT_LEVEL=1 \
				-DCONFIG_BURNVMM_DEV_$$s=1 \
				-c $(SRC)/devices/$$f.c -o /dev/null || \
				{ echo "devices: config $$s: $$f.c fails" >&2; \
				  exit 1; }; \
		done; \
	done
	$(Q)touch $@

ALL_TARGETS += $(devices_lib32) $(BUILD)/devices/libdevices32.checked \
	$(BUILD)/devices/config-matrix.checked
