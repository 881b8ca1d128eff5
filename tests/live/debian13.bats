#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Debian 13 (trixie) as its users have it, live: the guest boots trixie's
# own kernel with a trixie root (live_root_init), where pytapset is built
# and installed exactly as README says.  Every shipped script is compiled
# there, natively in the root, by the installed `pytapset run` with
# trixie's SystemTap 5.1, run in the guest on trixie's python3.13 (the
# scripts of functions and lines under the marker helper, python3 -m
# pytapset: 3.13 has no function markers) and checked against CPython's
# own record of the same program (check-script.py), as scripts.bats does
# on Debian 12.  Then README's sentence, from the root's install.
#
# Stock stap 5.1 loads no module at all on trixie's kernel 6.12 ("Can't
# resolve uprobe_unregister!") and builds no probe in a program: all of
# this rests on pytapset's runtime fixes, which `pytapset run` and
# `pytapset runtime` apply.

load live

# runs SCRIPT: how it runs: c (-c CMD), x (-x PID), as scripts.bats
# says (folded-stacks is only attached).
runs() {
	case $1 in
	show-call-hierarchy) echo c x ;;
	folded-stacks) echo x ;;
	*) echo c ;;
	esac
}

# A script's module in the root and here (the guest reads WORK).
module() {
	local s=$1
	echo "d13_${s//-/_}"
}

# root_compile SCRIPT: compile SCRIPT's module in the root with the
# installed pytapset run; a failure leaves WORK/MOD.compile.err for the
# script's test to show, and no job.
root_compile() {
	local s=$1 mod args
	mod=$(module "$s")
	read -r -a args <<<"$(script_args "$s")"
	in_root /bin/sh -c 'cd /tmp/pytapset-live && exec "$@"' sh \
		pytapset run "$s" -r "$KVER" -p4 -DSTP_NO_OVERLOAD -m "$mod" -- "${args[@]}" \
		>/dev/null 2>"$WORK/$mod.compile.err" &&
		cp "$LIVE_ROOT/tmp/pytapset-live/$mod.ko" "$WORK/"
}

# The jobs' Python is the guest's own, the root's; the scripts of
# functions and lines run it under the helper.
queue_script() {
	local s=$1 how mod
	mod=$(module "$s")
	root_compile "$s" || return 0
	LIVE_RUNNER=()
	case " $HELPER_SCRIPTS " in *" $s "*) LIVE_RUNNER=(-m pytapset) ;; esac
	for how in $(runs "$s"); do
		case $how in
		c) live_job "$mod" "$s-c" ;;
		x) live_attach_job "$mod" "$s-x" ;;
		esac
	done
}

setup_file() {
	local s start=$SECONDS
	live_root_init trixie
	echo "# Debian 13 root and guest ready in $((SECONDS - start)) s (KVER $KVER)" >&3
	live_root_install
	echo "# README's build and install in the Debian 13 root: $INSTALL_S s" >&3
	# The lane itself, whatever the scripts do: a module without probes
	# in processes, by trixie's stap with the runtime pytapset tells
	# stap's users of, loaded by trixie's staprun.  (With stap's own
	# runtime no module loads on trixie's kernel: "Can't resolve
	# uprobe_unregister!")
	in_root /bin/sh -c "cd /tmp/pytapset-live && runtime=\$(pytapset runtime -r $KVER) &&
		stap -R \"\$runtime\" -r $KVER -p4 -m d13_begin -e 'probe begin { println(\"loaded\"); exit() }'" \
		>/dev/null 2>"$WORK/d13_begin.compile.err" &&
		cp "$LIVE_ROOT/tmp/pytapset-live/d13_begin.ko" "$WORK/" &&
		cat >"$WORK/jobs/begin.sh" <<EOF
uname -r >$OUT/begin.uname
staprun $WORK/d13_begin.ko >$OUT/begin.out 2>$OUT/begin.err
echo \$? >$OUT/begin.rc
EOF
	LIVE_LANE=python3.13
	LIVE_SYSROOT=
	LIVE_PYTHON=(/usr/bin/python3.13 -B)
	LIVE_WORKLOAD=/tmp/pytapset-live/workload.py
	start=$SECONDS
	for s in $HELPER_SCRIPTS $OTHER_SCRIPTS; do
		queue_script "$s"
	done
	echo "# every script compiled in the root in $((SECONDS - start)) s" >&3
	in_root "${LIVE_PYTHON[@]}" "$LIVE_WORKLOAD" --oracle /tmp/pytapset-live/python3.13.oracle
	mv "$LIVE_ROOT/tmp/pytapset-live/python3.13.oracle" "$OUT/"
	in_root "${LIVE_PYTHON[@]}" -X importtime "$LIVE_WORKLOAD" 2>"$OUT/importtime.txt"

	local dir=/tmp/pytapset-live/sentence
	mkdir -p "$LIVE_ROOT$dir"
	python3 "$LIVE_DIR/sentence.py" program "$LIVE_ROOT$dir"
	cp "$LIVE_DIR/sentence.py" "$LIVE_ROOT/tmp/pytapset-live/"
	in_root python3 /tmp/pytapset-live/sentence.py oracle "$dir/test.py" "$dir/oracle"
	mv "$LIVE_ROOT$dir/oracle" "$OUT/sentence.oracle"
	if sentence_warm "$dir" "$LIVE_ROOT/root/.systemtap/cache" in_root /bin/sh -c; then
		echo "# the sentence's cache warmed in the root (-p4) in $WARM_S s" >&3
		sentence_job "$dir"
	fi
	start=$SECONDS
	live_boot
	echo "# the Debian 13 guest ran every job in $((SECONDS - start)) s" >&3
}

teardown_file() {
	live_root_cleanup
}

# check SCRIPT [IMPORTTIME]: its runs against the oracle.
check() {
	local s=$1 how mod
	mod=$(module "$s")
	[ -e "$WORK/$mod.ko" ] || fail "pytapset run $s -p4 failed in the root: $(tail -n 20 "$WORK/$mod.compile.err")"
	for how in $(runs "$s"); do
		check_run "$s" python3.13 "$s-$how" "${@:2}"
	done
}

@test "Debian 13: the guest boots trixie's kernel and loads a module trixie's stap built" {
	[ -e "$WORK/d13_begin.ko" ] || fail "stap -p4 failed in the root: $(cat "$WORK/d13_begin.compile.err")"
	[ "$(cat "$OUT/begin.uname")" = "$KVER" ] || fail "the guest ran kernel $(cat "$OUT/begin.uname"), not $KVER"
	[ "$(cat "$OUT/begin.rc")" = 0 ] && [ "$(cat "$OUT/begin.out")" = loaded ] ||
		fail "staprun: status $(cat "$OUT/begin.rc"), $(cat "$OUT/begin.out" "$OUT/begin.err")"
}

@test "Debian 13: make install put every script this file runs, and no other" {
	run ls "$LIVE_ROOT/usr/local/share/pytapset/scripts"
	[ "$(echo "$output" | sed -n 's/\.stp$//p' | sort)" = "$(printf '%s\n' $HELPER_SCRIPTS $OTHER_SCRIPTS | sort)" ] ||
		fail "installed: $output"
}

@test "Debian 13, python3.13 -m pytapset: show-call-hierarchy -c CMD and -x PID: matches the oracle" {
	check show-call-hierarchy
}

@test "Debian 13, python3.13 -m pytapset: top-functions -c CMD: matches the oracle" {
	check top-functions
}

@test "Debian 13, python3.13 -m pytapset: call-latency -c CMD: matches the oracle" {
	check call-latency
}

@test "Debian 13, python3.13 -m pytapset: call-flow -c CMD: matches the oracle" {
	check call-flow
}

@test "Debian 13, python3.13 -m pytapset: folded-stacks -x PID: matches the oracle" {
	check folded-stacks
}

@test "Debian 13, python3.13 -m pytapset: top-lines -c CMD: matches the oracle" {
	check top-lines
}

@test "Debian 13, python3.13: gc-pauses -c CMD: matches the oracle" {
	check gc-pauses
}

@test "Debian 13, python3.13: import-tree -c CMD: matches the oracle" {
	check import-tree "$OUT/importtime.txt"
}

@test "Debian 13, python3.13: audit-log -c CMD: matches the oracle" {
	check audit-log
}

@test "Debian 13: README's sentence prints the howto's whole tree" {
	check_sentence "$OUT/sentence.oracle"
}
