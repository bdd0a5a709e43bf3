# completion: bash completion for parity and parity-bench (completion/parity). It reads
# subcommands, options and kernel names from the installed programs when TAB is pressed, so it
# needs no regeneration. Installed as `parity` into bashcompletiondir (configure:
# --with-bash-completion-dir), where bash-completion's loader finds it by command name, with
# `parity-bench` a symbolic link to it.
EXTRA_DIST += completion/parity

if INSTALL_BASH_COMPLETION
dist_bashcompletion_DATA = completion/parity
install-data-hook: completion-install-link
uninstall-hook: completion-uninstall-link
endif
completion-install-link:
	cd '$(DESTDIR)$(bashcompletiondir)' && rm -f parity-bench && $(LN_S) parity parity-bench
completion-uninstall-link:
	rm -f '$(DESTDIR)$(bashcompletiondir)/parity-bench'
.PHONY: completion-install-link completion-uninstall-link
