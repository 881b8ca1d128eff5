#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# README's sentence on Debian 12, live, as a user runs it after `make
# install`: the guest's root is the host's / under a throwaway overlay,
# so the build's `make install` runs in the guest, then the sentence
# (live.bash).  debian13.bats says it on Debian 13.
#
# stap's cache is filled beforehand here with the same install: in a
# mount namespace of its own, /usr (all that make install writes) under
# a throwaway overlay, so the host's files stay as they are.

load live

setup_file() {
	live_init
	local dir=$WORK/sentence usr=$WORK/usr build
	build=$(printf %q "$top_builddir")
	mkdir -p "$dir" "$usr/upper" "$usr/work"
	python3 "$LIVE_DIR/sentence.py" program "$dir"
	(cd "$dir" && python3 "$LIVE_DIR/sentence.py" oracle test.py "$OUT/sentence.oracle")
	sentence_warm "$dir" /root/.systemtap/cache env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 unshare -m --propagation private /bin/bash -euc "
		mount -t overlay -o lowerdir=/usr,upperdir=$usr/upper,workdir=$usr/work overlay /usr
		make -C $build install >/dev/null
		eval \"\$1\"" warm || return 0
	echo "# make install and the sentence's cache warmed (-p4) here in $WARM_S s" >&3
	# stap's module hash has the time each probed file was last
	# modified, and make install gives the helper's library the time it
	# installs it: the guest's install takes the times of this one.
	sentence_job "$dir" "make -C $build install >$OUT/install.log 2>&1
(cd $usr/upper && find . -type f -exec touch -r {} /usr/{} \;)"
	live_boot
}

@test "Debian 12: README's sentence prints the howto's whole tree" {
	check_sentence "$OUT/sentence.oracle"
}
