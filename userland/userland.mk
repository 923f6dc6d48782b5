# SPDX-License-Identifier: GPL-2.0
#
# userland/userland.mk - burnctl, a fully static binary (libnl-genl-3's
# static archives ship in Debian's -dev packages), so the test VM's
# initramfs needs nothing but the file itself.

BURNCTL_SRCS := $(wildcard userland/*.c)
BURNCTL_OBJS := $(BURNCTL_SRCS:%.c=$(BUILD)/%.o)
# libnl's headers are not -Wshadow/-Wredundant-decls clean: include them as
# system headers so our warning set applies to our code only.
LIBNL_CFLAGS = $(subst -I,-isystem ,$(shell pkg-config --cflags libnl-genl-3.0))
LIBNL_LIBS = $(shell pkg-config --static --libs libnl-genl-3.0)
# The uapi header is included as <linux/burnvmm.h>.
BURNCTL_CFLAGS = $(HOST_CFLAGS) -I$(SRC)/include/uapi $(LIBNL_CFLAGS)

$(BUILD)/userland/%.o: userland/%.c $(wildcard userland/*.h) \
		include/uapi/linux/burnvmm.h $(CONFIG_H) | deps
	$(call MSG,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(BURNCTL_CFLAGS) -c $< -o $@

# The getaddrinfo "statically linked" notes from glibc are harmless: libnl
# references resolver functions burnctl never calls.
$(BUILD)/burnctl: $(BURNCTL_OBJS)
	$(call MSG,LD,$@)
	$(Q)rm -f $@
	$(Q)$(HOST_CC) -static $(HOST_LDFLAGS) -o $@ $^ $(LIBNL_LIBS) \
		2>&1 | { grep -v -e 'statically linked applications' \
			-e 'in function' || true; } >&2
	$(Q)test -x $@

ALL_TARGETS += $(BUILD)/burnctl
