# flagdeck: build and install the binary and its shell completions.
#
#   make install PREFIX=~/.local     release build, then $(PREFIX)/bin/flagdeck and the bash,
#                                    zsh and fish completions under $(PREFIX)/share
#   make uninstall PREFIX=~/.local   removes exactly those files
#
# PREFIX defaults to /usr/local; DESTDIR is prepended for staged installs (packaging).

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
# Extra `swift build` flags, e.g. SWIFT_BUILD_FLAGS="--scratch-path .build-release".
SWIFT_BUILD_FLAGS ?=

# A `~` the shell left alone (zsh does not expand PREFIX=~/... in arguments) means $(HOME).
prefix := $(patsubst ~%,$(HOME)%,$(PREFIX))
bindir := $(DESTDIR)$(prefix)/bin
bashdir := $(DESTDIR)$(prefix)/share/bash-completion/completions
zshdir := $(DESTDIR)$(prefix)/share/zsh/site-functions
fishdir := $(DESTDIR)$(prefix)/share/fish/vendor_completions.d

.PHONY: all build install uninstall

all: build

build:
	$(SWIFT) build -c release --product flagdeck $(SWIFT_BUILD_FLAGS)

install: build
	@set -e; \
	bin="$$($(SWIFT) build -c release --show-bin-path $(SWIFT_BUILD_FLAGS))/flagdeck"; \
	install -d "$(bindir)" "$(bashdir)" "$(zshdir)" "$(fishdir)"; \
	install -m 755 "$$bin" "$(bindir)/flagdeck"; \
	"$$bin" --generate-completion-script bash > "$(bashdir)/flagdeck"; \
	"$$bin" --generate-completion-script zsh > "$(zshdir)/_flagdeck"; \
	"$$bin" --generate-completion-script fish > "$(fishdir)/flagdeck.fish"; \
	chmod 644 "$(bashdir)/flagdeck" "$(zshdir)/_flagdeck" "$(fishdir)/flagdeck.fish"; \
	echo "installed $(bindir)/flagdeck"; \
	echo "completions: $(bashdir)/flagdeck, $(zshdir)/_flagdeck, $(fishdir)/flagdeck.fish"

uninstall:
	rm -f "$(bindir)/flagdeck" "$(bashdir)/flagdeck" "$(zshdir)/_flagdeck" "$(fishdir)/flagdeck.fish"
