# vmstate-gate
#
#   make                 build ./vmstate-gate
#   make check           install missing Debian packages, build (also with
#                        ASan+UBSan) and run every test; ends "N passed, N failed"
#                        (JOBS=N test files at once; default: the CPUs)
#   make bench           time the comparator, the scanner and the git gate
#   make install         PREFIX=/usr/local DESTDIR= ; make uninstall
#   make demo            the README demo on built-in data
#   V=1                  show the commands

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/vmstate-gate
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
BUILD ?= build
PKGS = libgit2 libcjson libpcre2-8 zlib

ifeq ($(V),1)
Q =
else
Q = @
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

# CPPFLAGS, CFLAGS and LDFLAGS are the user's (Debian's hardening flags
# arrive there); ours come first so that theirs win.
VG_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DVG_DATADIR='"$(DATADIR)"' -Isrc $(PKG_CFLAGS) $(CPPFLAGS)
VG_CFLAGS = -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	$(VG_CPPFLAGS) $(CFLAGS)
VG_LDFLAGS = $(LDFLAGS)

# src/LAYER/*.c: one folder per layer (doc/HACKING.md draws them);
# tools/check-layers.sh keeps includes pointing down.
LIB_SRC := $(wildcard src/*/*.c)
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
LIB := $(BUILD)/libvg.a
BIN := $(BUILD)/vmstate-gate
UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
FUZZ_SRC := $(wildcard fuzz/fuzz-*.c)
FUZZ_BIN := $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))

.PHONY: all deps check check-build check-layers bench install uninstall clean demo

all: vmstate-gate

vmstate-gate: $(BIN)
	$(Q)cp $(BIN) $@

# -MMD -MP: each object depends on the headers it includes, no more.
$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VG_CFLAGS) -MMD -MP -c -o $@ $<

# rules.c compiles DATADIR in: rebuild it when PREFIX/DATADIR change, so
# that `make && make install PREFIX=...` installs a binary that finds its rules.
DATADIR_STAMP := $(BUILD)/datadir.stamp
$(shell mkdir -p $(BUILD) && (echo '$(DATADIR)' | cmp -s - $(DATADIR_STAMP) || echo '$(DATADIR)' >$(DATADIR_STAMP)))
$(BUILD)/obj/core/rules.o: $(DATADIR_STAMP)

$(LIB): $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(VG_CFLAGS) $(VG_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VG_CFLAGS) -MMD -MP -Itests/unit $(VG_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lcmocka

# Fuzz harnesses are built with every check so they never rot; their
# standalone driver replays fuzz/corpus/ as a plain test.
$(BUILD)/fuzz/%: fuzz/%.c fuzz/driver.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VG_CFLAGS) -MMD -MP $(VG_LDFLAGS) -o $@ $< fuzz/driver.c $(LIB) $(PKG_LIBS)

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/main.d $(UNIT_BIN:=.d) $(FUZZ_BIN:=.d)

deps:
	$(Q)sh tools/deps.sh

check-build: $(BIN) $(UNIT_BIN) $(FUZZ_BIN)

ASAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# The binary only, for tests/t/t0910-threads.sh (compare and diff-source use threads).
TSAN_CFLAGS = -O1 -g -fsanitize=thread

check-layers:
	$(Q)sh tools/check-layers.sh

check: deps
	$(Q)sh tools/check-layers.sh
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)$(MAKE) --no-print-directory check-build BUILD=build-asan CFLAGS="$(ASAN_CFLAGS)"
	$(Q)$(MAKE) --no-print-directory build-tsan/vmstate-gate BUILD=build-tsan CFLAGS="$(TSAN_CFLAGS)"
	$(Q)$(if $(JOBS),JOBS=$(JOBS) )sh tests/run.sh build build-asan

bench: deps
	$(Q)$(MAKE) --no-print-directory $(BIN)
	$(Q)sh bench/run.sh $(BUILD)

demo: deps
	$(Q)$(MAKE) --no-print-directory vmstate-gate
	$(Q)sh tools/demo.sh

install: vmstate-gate
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/hook
	install -m 755 vmstate-gate $(DESTDIR)$(BINDIR)/vmstate-gate
	install -m 644 doc/vmstate-gate.1 $(DESTDIR)$(MANDIR)/man1/vmstate-gate.1
	install -m 644 rules/* $(DESTDIR)$(DATADIR)/rules/
	install -m 755 hook/* $(DESTDIR)$(DATADIR)/hook/
	install -m 755 install.sh $(DESTDIR)$(DATADIR)/install.sh

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vmstate-gate $(DESTDIR)$(MANDIR)/man1/vmstate-gate.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-tsan vmstate-gate
