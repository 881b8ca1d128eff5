/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * _pytapset: the marker helper.  It gives every CPython from 3.11 on the
 * function and line markers that a faithful call tree needs, shaped
 * exactly like CPython's own (provider "python"):
 *
 *   function__entry  (const char *filename, const char *funcname, int lineno)
 *   function__return (same)
 *   line             (same)
 *
 * CPython 3.12 to 3.14 have no function or line markers at all, 3.15
 * has function markers again but no line marker, and 3.11 fires
 * function__entry only for generator frames unless a profile or trace
 * function is set.  So the helper works in one of four modes (the
 * module's `mode` names it):
 *
 *   MONITORING ("monitoring", 3.12 to 3.14): C callbacks registered with
 *     sys.monitoring (PEP 669) for PY_START, PY_RESUME and PY_THROW
 *     (entries), PY_RETURN, PY_YIELD and PY_UNWIND (returns) and LINE
 *     fire this module's own markers.  Every way into a frame and every
 *     way out of it is an event, so entries and returns pair up,
 *     generators included.
 *
 *   MONITORING_LINES ("monitoring-lines", 3.15+, whose interpreter
 *     carries function__entry): only the LINE callback; the function
 *     markers are the interpreter's own.  Firing ours as well would show
 *     every call twice to a tapset that probes both files.
 *
 *   NATIVE_FIX ("native", 3.11 built with markers): a C profile
 *     function that does nothing is set on every thread.  With it CPython
 *     takes the slow path in which its own function__entry fires for
 *     every frame; its own function__return and line already work.  The
 *     helper fires none of its markers, so no event fires twice.  A C
 *     profile function adds no Python frames (a Python-level one would:
 *     3.11 reports their returns without entries).
 *
 *   OWN_TRACE ("trace", 3.11 built without markers, e.g. pyenv): a C
 *     trace function fires this module's markers on call, return and
 *     line.
 *
 * Cost when nobody traces.  Every marker has a semaphore (a counter in
 * the .probes section that a tracer such as SystemTap or bpftrace
 * increments when it attaches to the marker).  No event source is
 * switched on while the semaphores are zero: a process that nobody traces
 * runs exactly as without the helper but for one thread that wakes ten
 * times a second to read two or three 16-bit counters.
 * When what the counters ask for differs from what is switched on, that
 * thread takes the GIL (PyGILState_Ensure) and switches event sources on
 * or off, between two bytecodes of the other threads, within about
 * POLL_MS.  Line events, the costly ones, are on only while
 * the line marker is traced.  The callbacks test their semaphore again,
 * so a marker whose tracer has gone fires no more even before the poller
 * notices.  PYTAPSET_HELPER_FORCE=1 switches the events on regardless of
 * the semaphores and makes the callbacks do all their work (=functions:
 * function events only): it exists to measure the helper's own cost
 * (bench/helper-overhead.sh).
 *
 * Threads, forks and interpreters.  sys.monitoring's events belong to an
 * interpreter, not a thread: on 3.12 and later every thread of the
 * interpreter is covered from its first call, however it was started.
 * On 3.11 a profile or trace function belongs to one thread: switching
 * on puts ours on every thread there is, in every interpreter, and a
 * frame evaluator of the helper's (PEP 523) gives it to every later
 * thread before its first frame runs (first_call_hook); switching off
 * takes both away.  A forked child inherits what is switched on, and
 * gets a poller of its own (os.register_at_fork).  Sub-interpreters: on
 * 3.11 theirs are covered as the main one's; on 3.12 and later only the
 * interpreter that first imported the helper is (the callbacks are
 * registered with its sys.monitoring, and a single-phase module is not
 * initialised again in another interpreter).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>

/* Markers with semaphores, without a dtrace-generated header: sys/sdt.h
 * then refers to PROVIDER_NAME_semaphore, which we define.  Hidden, so
 * that the note's reference binds to our counter even when a libpython
 * loaded in the same process exports one of the same name. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

/* The note format, as the generator reads it too (sdt_format.h). */
#include "sdt_format.h"

#define SEMAPHORE __attribute__((section(SDT_SEMAPHORE_SECTION), visibility("hidden"), used))
volatile unsigned short python_function__entry_semaphore SEMAPHORE;
volatile unsigned short python_function__return_semaphore SEMAPHORE;
volatile unsigned short python_line_semaphore SEMAPHORE;

#define POLL_MS 100

/* What the tracers ask for: bits of a small mask. */
#define WANT_FUNCTIONS 1
#define WANT_LINES 2

enum mode { MODE_MONITORING, MODE_MONITORING_LINES, MODE_NATIVE_FIX, MODE_OWN_TRACE };

static enum mode mode;
static int force;                   /* WANT_ bits forced on */
/* The interpreter's own semaphores (NULL when absent). */
static volatile unsigned short *native_entry_semaphore;
static volatile unsigned short *native_return_semaphore;
static volatile unsigned short *native_line_semaphore;
/* The ELF files that hold the interpreter's code and this module. */
static char interpreter_file[4096];
static char module_file[4096];

static atomic_int applied;          /* the mask now switched on */

static pthread_t poller;
static int poller_started;
static pthread_mutex_t poller_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t poller_wake = PTHREAD_COND_INITIALIZER;
static int poller_stop;

/* ---- firing markers ---------------------------------------------------- */

static const char *
utf8_or_placeholder(PyObject *s)
{
	const char *p = s && PyUnicode_Check(s) ? PyUnicode_AsUTF8(s) : NULL;

	if (!p) {
		PyErr_Clear();
		return "?";
	}
	return p;
}

#define FUNCTION_ENTRY_ON() (python_function__entry_semaphore || (force & WANT_FUNCTIONS))
#define FUNCTION_RETURN_ON() (python_function__return_semaphore || (force & WANT_FUNCTIONS))
#define LINE_ON() (python_line_semaphore || (force & WANT_LINES))

/* Fire MARKER for CODE at line LINENO.  The compiler cannot drop the
 * string fetches: the marker's operands use them. */
#define FIRE(marker, code, lineno)                                              \
	do {                                                                    \
		const char *fire_file_ = utf8_or_placeholder((code)->co_filename); \
		const char *fire_func_ = utf8_or_placeholder((code)->co_name);     \
		int fire_line_ = (lineno);                                      \
		STAP_PROBE3(python, marker, fire_file_, fire_func_, fire_line_); \
	} while (0)

/* ---- MONITORING: sys.monitoring callbacks (3.12+) ---------------------- */

#if PY_VERSION_HEX >= 0x030C0000
static int tool_id = -1;

/* The line of the instruction at byte offset ARG in CODE. */
static int
line_at(PyCodeObject *code, PyObject *arg)
{
	long offset = PyLong_AsLong(arg);

	if (offset < 0 && PyErr_Occurred()) {
		PyErr_Clear();
		return -1;
	}
	return PyCode_Addr2Line(code, (int)offset);
}

/* PY_START, PY_RESUME, PY_THROW: (code, instruction_offset[, exception]) */
static PyObject *
on_entry(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
	(void)self;
	if (FUNCTION_ENTRY_ON() && nargs >= 2 && PyCode_Check(args[0])) {
		PyCodeObject *code = (PyCodeObject *)args[0];
		FIRE(function__entry, code, line_at(code, args[1]));
	}
	Py_RETURN_NONE;
}

/* PY_RETURN, PY_YIELD, PY_UNWIND: (code, instruction_offset, value) */
static PyObject *
on_return(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
	(void)self;
	if (FUNCTION_RETURN_ON() && nargs >= 2 && PyCode_Check(args[0])) {
		PyCodeObject *code = (PyCodeObject *)args[0];
		FIRE(function__return, code, line_at(code, args[1]));
	}
	Py_RETURN_NONE;
}

/* LINE: (code, line_number) */
static PyObject *
on_line(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
	(void)self;
	if (LINE_ON() && nargs >= 2 && PyCode_Check(args[0])) {
		int lineno = (int)PyLong_AsLong(args[1]);
		if (lineno == -1 && PyErr_Occurred())
			PyErr_Clear();
		FIRE(line, (PyCodeObject *)args[0], lineno);
	}
	Py_RETURN_NONE;
}

static PyMethodDef callback_defs[] = {
	{"on_entry", (PyCFunction)(void (*)(void))on_entry, METH_FASTCALL, NULL},
	{"on_return", (PyCFunction)(void (*)(void))on_return, METH_FASTCALL, NULL},
	{"on_line", (PyCFunction)(void (*)(void))on_line, METH_FASTCALL, NULL},
};

static const struct {
	const char *event;
	PyMethodDef *callback;
	int want;
} monitored[] = {
	{"PY_START", &callback_defs[0], WANT_FUNCTIONS},
	{"PY_RESUME", &callback_defs[0], WANT_FUNCTIONS},
	{"PY_THROW", &callback_defs[0], WANT_FUNCTIONS},
	{"PY_RETURN", &callback_defs[1], WANT_FUNCTIONS},
	{"PY_YIELD", &callback_defs[1], WANT_FUNCTIONS},
	{"PY_UNWIND", &callback_defs[1], WANT_FUNCTIONS},
	{"LINE", &callback_defs[2], WANT_LINES},
};
#define N_MONITORED (sizeof monitored / sizeof monitored[0])
static long event_bits[N_MONITORED];

/* Claim a tool id (the profiler's if free) and register the callbacks. */
static int
monitoring_setup(void)
{
	PyObject *mon = PySys_GetObject("monitoring");  /* borrowed */
	PyObject *events = NULL;
	size_t i;
	int ok = -1;

	if (!mon) {
		PyErr_SetString(PyExc_ImportError, "_pytapset: sys.monitoring is missing");
		return -1;
	}
	for (int id = 2; id <= 4 && tool_id < 0; id++) {
		PyObject *r = PyObject_CallMethod(mon, "use_tool_id", "is", id, "pytapset");
		if (r) {
			tool_id = id;
			Py_DECREF(r);
		} else if (PyErr_ExceptionMatches(PyExc_ValueError)) {
			PyErr_Clear();  /* taken by another tool */
		} else {
			return -1;
		}
	}
	if (tool_id < 0) {
		PyErr_SetString(PyExc_RuntimeError,
				"_pytapset: sys.monitoring tool ids 2 to 4 are all in use");
		return -1;
	}
	events = PyObject_GetAttrString(mon, "events");
	if (!events)
		return -1;
	for (i = 0; i < N_MONITORED; i++) {
		PyObject *bit = PyObject_GetAttrString(events, monitored[i].event);
		PyObject *fn, *r;

		if (!bit)
			goto out;
		event_bits[i] = PyLong_AsLong(bit);
		fn = PyCFunction_New(monitored[i].callback, NULL);
		if (!fn) {
			Py_DECREF(bit);
			goto out;
		}
		r = PyObject_CallMethod(mon, "register_callback", "iOO", tool_id, bit, fn);
		Py_DECREF(bit);
		Py_DECREF(fn);
		if (!r)
			goto out;
		Py_DECREF(r);
	}
	ok = 0;
out:
	Py_DECREF(events);
	return ok;
}

static int
monitoring_apply(int want)
{
	PyObject *mon = PySys_GetObject("monitoring");
	PyObject *r;
	long mask = 0;
	size_t i;

	if (!mon || tool_id < 0)
		return 0;
	/* The interpreter fires its function markers by itself. */
	if (mode == MODE_MONITORING_LINES)
		want &= WANT_LINES;
	for (i = 0; i < N_MONITORED; i++)
		if (want & monitored[i].want)
			mask |= event_bits[i];
	r = PyObject_CallMethod(mon, "set_events", "il", tool_id, mask);
	if (!r)
		return -1;
	Py_DECREF(r);
	return 0;
}
#endif /* 3.12+ */

/* ---- NATIVE_FIX and OWN_TRACE: profile and trace functions (3.11) ------ */

#if PY_VERSION_HEX < 0x030C0000
/* NATIVE_FIX: being set is the point; CPython fires its own markers. */
static int
null_profile(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
	(void)obj, (void)frame, (void)what, (void)arg;
	return 0;
}

/* OWN_TRACE: fire our markers from the interpreter's trace events. */
static int
own_trace(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
	PyCodeObject *code;

	(void)obj, (void)arg;
	switch (what) {
	case PyTrace_CALL:
		if (!FUNCTION_ENTRY_ON())
			return 0;
		break;
	case PyTrace_RETURN:
		if (!FUNCTION_RETURN_ON())
			return 0;
		break;
	case PyTrace_LINE:
		if (!LINE_ON())
			return 0;
		break;
	default:
		return 0;
	}
	code = PyFrame_GetCode(frame);
	switch (what) {
	case PyTrace_CALL:
		FIRE(function__entry, code, PyFrame_GetLineNumber(frame));
		break;
	case PyTrace_RETURN:
		FIRE(function__return, code, PyFrame_GetLineNumber(frame));
		break;
	default:
		FIRE(line, code, PyFrame_GetLineNumber(frame));
		break;
	}
	Py_DECREF(code);
	return 0;
}

/* The hook this mode puts on threads: a profile function (NATIVE_FIX)
 * or a trace function (OWN_TRACE), and what thread TS has in its place. */
#define OUR_HOOK (mode == MODE_NATIVE_FIX ? null_profile : own_trace)
#define HOOK_OF(ts) (mode == MODE_NATIVE_FIX ? (ts)->c_profilefunc : (ts)->c_tracefunc)

/* Setting a hook raises the audit event sys.setprofile (or settrace),
 * whose hooks may run Python code, and so enter first_call_hook again in
 * this thread before the hook is in place: this says not to. */
static _Thread_local int setting_hook;

static int
set_hook(PyThreadState *ts, Py_tracefunc hook)
{
	int err;

	setting_hook = 1;
	err = mode == MODE_NATIVE_FIX ? _PyEval_SetProfile(ts, hook, NULL)
				      : _PyEval_SetTrace(ts, hook, NULL);
	setting_hook = 0;
	return err;
}

/* 3.11 has no hook for a new thread, but every Python frame of every
 * thread is evaluated by its interpreter's frame evaluator (PEP 523),
 * and a thread's first frame always goes through it, however the thread
 * was started: threading, _thread, or a thread of C code that calls into
 * Python after PyGILState_Ensure.  While the hooks are on, this one is
 * the evaluator of every interpreter: it gives a thread that has no hook
 * ours before that frame runs, so the frame's own call event (and
 * CPython's function__entry) is seen.  A thread that has a profile or
 * trace function of its own keeps it: with any profile function
 * CPython's own marker fires.  A generator thrown into (THROWFLAG) is
 * never a thread's first frame, and then an exception is set, which an
 * audit hook must not see. */
static PyObject *
first_call_hook(PyThreadState *ts, struct _PyInterpreterFrame *frame, int throwflag)
{
	if (!throwflag && !setting_hook && !HOOK_OF(ts) && set_hook(ts, OUR_HOOK) < 0)
		PyErr_WriteUnraisable(NULL);
	return _PyEval_EvalFrameDefault(ts, frame, throwflag);
}

/* Put our hook on every thread of every interpreter that has none, and
 * first_call_hook in place to give it to the threads to come; or take
 * both away again, leaving the hooks of others.  With the GIL held,
 * which 3.11's interpreters share, no thread runs meanwhile.  An
 * interpreter created while the hooks are on gets them from the poller
 * (out_of_date), within about POLL_MS. */
static PyInterpreterState *volatile hooked_head;

static int
hooks_apply(int want)
{
	int on = mode == MODE_NATIVE_FIX ? (want & WANT_FUNCTIONS) != 0 : want != 0;
	PyInterpreterState *interp;
	PyThreadState *ts;

	for (interp = PyInterpreterState_Head(); interp; interp = PyInterpreterState_Next(interp)) {
		_PyFrameEvalFunction eval = _PyInterpreterState_GetEvalFrameFunc(interp);

		/* Another user of PEP 523 (a JIT, a debugger) keeps its own. */
		if (on && eval == _PyEval_EvalFrameDefault)
			_PyInterpreterState_SetEvalFrameFunc(interp, first_call_hook);
		else if (!on && eval == first_call_hook)
			_PyInterpreterState_SetEvalFrameFunc(interp, _PyEval_EvalFrameDefault);
		for (ts = PyInterpreterState_ThreadHead(interp); ts; ts = PyThreadState_Next(ts))
			if ((on ? !HOOK_OF(ts) : HOOK_OF(ts) == OUR_HOOK) &&
			    set_hook(ts, on ? OUR_HOOK : NULL) < 0)
				return -1;
	}
	hooked_head = PyInterpreterState_Head();
	return 0;
}

#endif /* before 3.12 */

/* ---- the interpreter's own markers ------------------------------------ */

/* Where the interpreter's own function and line semaphores are
 * in this process, if it has them (3.11 and 3.15+ built with markers).
 * The notes are in the ELF file that holds the interpreter's code (the
 * executable, or libpython), in a section that is not loaded: read them
 * from the file, then add the load bias. */
struct bias_lookup {
	uintptr_t addr;
	uintptr_t bias;
	const char *name;
	int found;
};

static int
find_bias(struct dl_phdr_info *info, size_t size, void *data)
{
	struct bias_lookup *l = data;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && l->addr >= start && l->addr < start + ph->p_memsz) {
			l->bias = info->dlpi_addr;
			l->name = info->dlpi_name;
			l->found = 1;
			return 1;
		}
	}
	return 0;
}

static int
read_at(int fd, void *buf, size_t len, off_t off)
{
	return pread(fd, buf, len, off) == (ssize_t)len ? 0 : -1;
}

static void
find_native_semaphores(void)
{
	struct bias_lookup l = {.addr = (uintptr_t)(void *)&PyEval_SaveThread};
	ElfW(Ehdr) eh;
	ElfW(Shdr) *sh = NULL;
	char *shstr = NULL, *notes = NULL;
	const char *path;
	int fd, is_executable;

	dl_iterate_phdr(find_bias, &l);
	if (!l.found)
		return;
	/* The executable has no name in the list.  Without /proc (a chroot),
	 * the name it was started by will do; a helper that missed the
	 * interpreter's markers would fire its own as well (3.15). */
	is_executable = !(l.name && *l.name);
	path = is_executable ? "/proc/self/exe" : l.name;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && is_executable) {
		path = (const char *)getauxval(AT_EXECFN);
		fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	}
	if (fd < 0)
		return;
	if (read_at(fd, &eh, sizeof eh, 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32) ||
	    eh.e_shentsize != sizeof *sh || eh.e_shnum == 0 || eh.e_shstrndx >= eh.e_shnum)
		goto out;
	sh = calloc(eh.e_shnum, sizeof *sh);
	if (!sh || read_at(fd, sh, (size_t)eh.e_shnum * sizeof *sh, (off_t)eh.e_shoff))
		goto out;
	shstr = malloc(sh[eh.e_shstrndx].sh_size + 1);
	if (!shstr || read_at(fd, shstr, sh[eh.e_shstrndx].sh_size, (off_t)sh[eh.e_shstrndx].sh_offset))
		goto out;
	shstr[sh[eh.e_shstrndx].sh_size] = '\0';
	for (int i = 0; i < eh.e_shnum; i++) {
		size_t size = sh[i].sh_size, off = 0;

		if (sh[i].sh_type != SHT_NOTE || sh[i].sh_name >= sh[eh.e_shstrndx].sh_size ||
		    strcmp(shstr + sh[i].sh_name, SDT_NOTE_SECTION) != 0)
			continue;
		notes = malloc(size + 1);
		if (!notes || read_at(fd, notes, size, (off_t)sh[i].sh_offset))
			goto out;
		notes[size] = '\0';
		/* e.g. name "stapsdt", desc: pc, base, semaphore, "python\0line\0args\0" */
		while (off + sizeof(ElfW(Nhdr)) <= size) {
			ElfW(Nhdr) nh;
			size_t name_off, desc_off, next;

			memcpy(&nh, notes + off, sizeof nh);
			name_off = off + sizeof nh;
			desc_off = name_off + ((nh.n_namesz + 3) & ~(size_t)3);
			next = desc_off + ((nh.n_descsz + 3) & ~(size_t)3);
			if (desc_off > size || next > size || nh.n_descsz < 3 * sizeof(ElfW(Addr)))
				break;
			if (nh.n_type == SDT_NOTE_TYPE && nh.n_namesz == sizeof SDT_NOTE_OWNER &&
			    memcmp(notes + name_off, SDT_NOTE_OWNER, sizeof SDT_NOTE_OWNER) == 0) {
				const char *provider = notes + desc_off + 3 * sizeof(ElfW(Addr));
				const char *end = notes + desc_off + nh.n_descsz;
				const char *name = memchr(provider, '\0', (size_t)(end - provider));
				ElfW(Addr) sema;

				memcpy(&sema, notes + desc_off + 2 * sizeof(ElfW(Addr)), sizeof sema);
				if (name && ++name < end && memchr(name, '\0', (size_t)(end - name)) &&
				    sema && strcmp(provider, "python") == 0) {
					volatile unsigned short *p = (volatile unsigned short *)(l.bias + sema);
					if (strcmp(name, "function__entry") == 0) {
						native_entry_semaphore = p;
						if (!realpath(path, interpreter_file))
							snprintf(interpreter_file, sizeof interpreter_file, "%s", path);
					} else if (strcmp(name, "function__return") == 0) {
						native_return_semaphore = p;
					} else if (strcmp(name, "line") == 0) {
						native_line_semaphore = p;
					}
				}
			}
			off = next;
		}
		free(notes);
		notes = NULL;
	}
out:
	free(notes);
	free(shstr);
	free(sh);
	close(fd);
}

/* ---- switching event sources on and off ------------------------------- */

#define TRACED(semaphore) ((semaphore) && *(semaphore))
#define NATIVE_FUNCTIONS_TRACED() (TRACED(native_entry_semaphore) || TRACED(native_return_semaphore))

/* What the tracers ask for now.  Reads only memory: safe without the GIL.
 * Traced native markers that fire by themselves (3.11's returns and
 * lines, 3.15's functions) need nothing from us, but count as wanted so
 * that enabled() says a tracer is there (--wait relies on it, whichever
 * marker a script uses). */
static int
wanted(void)
{
	int own_functions = python_function__entry_semaphore ||
			    python_function__return_semaphore;

	if (force)
		return force;
	switch (mode) {
	case MODE_NATIVE_FIX:
		return (NATIVE_FUNCTIONS_TRACED() ? WANT_FUNCTIONS : 0) |
		       (TRACED(native_line_semaphore) ? WANT_LINES : 0);
	case MODE_MONITORING_LINES:
		return (NATIVE_FUNCTIONS_TRACED() ? WANT_FUNCTIONS : 0) |
		       (python_line_semaphore ? WANT_LINES : 0);
	default:
		return (own_functions ? WANT_FUNCTIONS : 0) | (python_line_semaphore ? WANT_LINES : 0);
	}
}

/* Whether what is switched on differs from what is wanted.  Reads only
 * memory: safe without the GIL.  On 3.11 an interpreter created since the
 * hooks went on (the newest is the head of the list) needs them too. */
static int
out_of_date(void)
{
	int now = atomic_load(&applied);

#if PY_VERSION_HEX < 0x030C0000
	if (now && PyInterpreterState_Head() != hooked_head)
		return 1;
#endif
	return wanted() != now;
}

/* With the GIL held: make what is switched on match what is wanted. */
static int
apply_wanted(void)
{
	int want = wanted();
	int err;

	if (!out_of_date())
		return 0;
#if PY_VERSION_HEX >= 0x030C0000
	err = monitoring_apply(want);
#else
	err = hooks_apply(want);
#endif
	if (err == 0)
		atomic_store(&applied, want);
	return err;
}

static void *
poll_loop(void *unused)
{
	PyGILState_STATE gil;

	(void)unused;
	pthread_mutex_lock(&poller_lock);
	while (!poller_stop) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += POLL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&poller_wake, &poller_lock, &until);
		if (poller_stop || !out_of_date())
			continue;
		/* The switch is made here, with the GIL, rather than asked of
		 * the main thread (Py_AddPendingCall), which runs such calls
		 * only between its own bytecodes: a main thread that waits
		 * (joins its workers, serves) would keep every thread
		 * untraced.  The lock is not held meanwhile: stop_poller
		 * takes it with the GIL. */
		pthread_mutex_unlock(&poller_lock);
		gil = PyGILState_Ensure();
		if (apply_wanted() < 0)
			PyErr_WriteUnraisable(NULL);
		PyGILState_Release(gil);
		pthread_mutex_lock(&poller_lock);
	}
	pthread_mutex_unlock(&poller_lock);
	return NULL;
}

static int
start_poller(void)
{
	sigset_t all, old;
	int err;

	if (poller_started)
		return 0;
	poller_stop = 0;
	/* Signals stay with the interpreter's threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&poller, NULL, poll_loop, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		errno = err;
		PyErr_SetFromErrno(PyExc_OSError);
		return -1;
	}
	poller_started = 1;
	return 0;
}

/* At exit the poller must not take the GIL of an interpreter that is
 * going away: stop it and wait for it (without the GIL, which it may be
 * waiting for). */
static PyObject *
stop_poller(PyObject *self, PyObject *unused)
{
	(void)self, (void)unused;
	if (poller_started) {
		pthread_mutex_lock(&poller_lock);
		poller_stop = 1;
		pthread_cond_signal(&poller_wake);
		pthread_mutex_unlock(&poller_lock);
		Py_BEGIN_ALLOW_THREADS
		pthread_join(poller, NULL);
		Py_END_ALLOW_THREADS
		poller_started = 0;
	}
	Py_RETURN_NONE;
}

/* A forked child has no poller thread: start one. */
static PyObject *
after_fork_child(PyObject *self, PyObject *unused)
{
	(void)self, (void)unused;
	poller_started = 0;
	pthread_mutex_init(&poller_lock, NULL);
	pthread_cond_init(&poller_wake, NULL);
	if (start_poller() < 0)
		return NULL;
	Py_RETURN_NONE;
}

/* ---- the module -------------------------------------------------------- */

static PyObject *
enabled(PyObject *self, PyObject *unused)
{
	(void)self, (void)unused;
	return PyLong_FromLong(atomic_load(&applied));
}

/* Whether the events switched on reach the calling thread: on 3.11,
 * whether it has the helper's profile or trace function; sys.monitoring's
 * reach every thread of the interpreter. */
static PyObject *
hooked(PyObject *self, PyObject *unused)
{
	(void)self, (void)unused;
#if PY_VERSION_HEX >= 0x030C0000
	return PyBool_FromLong(atomic_load(&applied) != 0);
#else
	return PyBool_FromLong(HOOK_OF(PyThreadState_Get()) == OUR_HOOK);
#endif
}

static PyObject *
update(PyObject *self, PyObject *unused)
{
	(void)self, (void)unused;
	if (apply_wanted() < 0)
		return NULL;
	return PyLong_FromLong(atomic_load(&applied));
}

static const char *const mode_names[] = {
	[MODE_MONITORING] = "monitoring",
	[MODE_MONITORING_LINES] = "monitoring-lines",
	[MODE_NATIVE_FIX] = "native",
	[MODE_OWN_TRACE] = "trace",
};

static PyMethodDef module_methods[] = {
	{"enabled", enabled, METH_NOARGS,
	 "enabled() -> int\n\nWhat is switched on now: 1 function events, 2 line events."},
	{"hooked", hooked, METH_NOARGS,
	 "hooked() -> bool\n\nWhether the events switched on reach the calling thread (on 3.11,\n"
	 "whether it has the helper's profile or trace function)."},
	{"update", update, METH_NOARGS,
	 "update() -> int\n\nSwitch events on or off now, as the tracers ask; return enabled()."},
	{"_stop", stop_poller, METH_NOARGS, NULL},
	{"_after_fork_child", after_fork_child, METH_NOARGS, NULL},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
	PyModuleDef_HEAD_INIT,
	.m_name = "_pytapset",
	.m_doc = "Makes CPython's function and line markers (provider python) fire\n"
		 "where the interpreter lacks them or fires them only in part.\n"
		 "function_marker_file and line_marker_file name the files whose\n"
		 "markers fire, mode how.  Importing it is enough; see\n"
		 "`python3 -m pytapset --help`.",
	.m_size = -1,
	.m_methods = module_methods,
};

/* Register FN (a module method) with MODULE_NAME.FUNC_NAME(**kwargs). */
static int
register_with(PyObject *m, const char *module_name, const char *func_name,
	      const char *keyword, const char *method)
{
	PyObject *mod = PyImport_ImportModule(module_name);
	PyObject *fn = mod ? PyObject_GetAttrString(m, method) : NULL;
	PyObject *reg = fn ? PyObject_GetAttrString(mod, func_name) : NULL;
	PyObject *args = NULL, *kwargs = NULL, *r = NULL;

	if (reg && keyword) {
		args = PyTuple_New(0);
		kwargs = Py_BuildValue("{sO}", keyword, fn);
		if (args && kwargs)
			r = PyObject_Call(reg, args, kwargs);
	} else if (reg) {
		r = PyObject_CallOneArg(reg, fn);
	}
	Py_XDECREF(args);
	Py_XDECREF(kwargs);
	Py_XDECREF(reg);
	Py_XDECREF(fn);
	Py_XDECREF(mod);
	if (!r)
		return -1;
	Py_DECREF(r);
	return 0;
}

PyMODINIT_FUNC PyInit__pytapset(void);

PyMODINIT_FUNC
PyInit__pytapset(void)
{
	const char *f = getenv("PYTAPSET_HELPER_FORCE");
	Dl_info info;
	PyObject *m;

	if (poller_started) {
		PyErr_SetString(PyExc_ImportError, "_pytapset: loaded once per process");
		return NULL;
	}
	if (f && strcmp(f, "functions") == 0)
		force = WANT_FUNCTIONS;
	else if (f && *f && strcmp(f, "0") != 0)
		force = WANT_FUNCTIONS | WANT_LINES;
	find_native_semaphores();
#if PY_VERSION_HEX >= 0x030C0000
	mode = native_entry_semaphore ? MODE_MONITORING_LINES : MODE_MONITORING;
	if (monitoring_setup() < 0)
		return NULL;
#else
	mode = native_entry_semaphore ? MODE_NATIVE_FIX : MODE_OWN_TRACE;
#endif
	m = PyModule_Create(&module_def);
	if (!m)
		return NULL;
	if (dladdr((void *)&PyInit__pytapset, &info) && info.dli_fname &&
	    !realpath(info.dli_fname, module_file))
		snprintf(module_file, sizeof module_file, "%s", info.dli_fname);
	/* Where a tracer finds the markers that fire: the interpreter's
	 * function markers when it has them, its line marker on 3.11. */
	if (PyModule_AddStringConstant(m, "mode", mode_names[mode]) < 0 ||
	    PyModule_AddStringConstant(m, "function_marker_file",
				       native_entry_semaphore ? interpreter_file : module_file) < 0 ||
	    PyModule_AddStringConstant(m, "line_marker_file",
				       mode == MODE_NATIVE_FIX ? interpreter_file : module_file) < 0 ||
	    PyModule_AddIntConstant(m, "FUNCTIONS", WANT_FUNCTIONS) < 0 ||
	    PyModule_AddIntConstant(m, "LINES", WANT_LINES) < 0 ||
	    PyModule_AddIntConstant(m, "forced", force) < 0 ||
	    register_with(m, "atexit", "register", NULL, "_stop") < 0 ||
	    register_with(m, "os", "register_at_fork", "after_in_child", "_after_fork_child") < 0 ||
	    apply_wanted() < 0 || start_poller() < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
