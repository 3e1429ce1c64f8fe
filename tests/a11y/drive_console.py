#!/usr/bin/python3
"""Drives a running console through the AT-SPI accessibility bus, as a screen reader user would:
every actionable control must carry a name; "Run…" is found by its name and pressed, the
rehearsal is started from the dialog the same way, and the run must reach FINISHED · COMPLETED.
Exit status 0 on success; every finding is printed."""
import sys
import time

import pyatspi

BUTTON_ROLES = {pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON}


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def find_app(name, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name:
                return app
        time.sleep(0.2)
    return None


def find(app, role, name, timeout=20, prefix=False):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for node in walk(app):
            try:
                if node.getRole() == role and (node.name.startswith(name) if prefix else node.name == name):
                    if node.getState().contains(pyatspi.STATE_SHOWING):
                        return node
            except Exception:
                continue
        time.sleep(0.2)
    return None


def press(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("Press", "press", "click"):
            return bool(action.doAction(i))
    return False


def main():
    app = find_app("runbook-console", 30)
    if app is None:
        print("a11y: the console never appeared on the accessibility bus")
        return 1
    problems = []
    run = find(app, pyatspi.ROLE_PUSH_BUTTON, "Run…")
    if run is None:
        print("a11y: no button named 'Run…'")
        return 1
    for node in walk(app):
        try:
            role = node.getRole()
            showing = node.getState().contains(pyatspi.STATE_SHOWING)
        except Exception:
            continue
        if showing and role in BUTTON_ROLES and not node.name:
            problems.append("a %s without a name" % node.getRoleName())
        if showing and role in (pyatspi.ROLE_TEXT, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE) and not node.name:
            problems.append("a %s without a name" % node.getRoleName())
    if not press(run):
        problems.append("'Run…' has no press action")
    start = find(app, pyatspi.ROLE_PUSH_BUTTON, "Start rehearsal")
    if start is None or not press(start):
        problems.append("the dialog's 'Start rehearsal' could not be found and pressed")
    done = find(app, pyatspi.ROLE_LABEL, "FINISHED · COMPLETED", timeout=60, prefix=True)
    if done is None:
        problems.append("the run did not reach FINISHED · COMPLETED as read from the state line")
    for p in problems:
        print("a11y: " + p)
    print("a11y: %s" % ("ok" if not problems else "%d problem(s)" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
