"""`flagdeck demo` as a person drives it: the seeded fleet over real HTTP + SigV4."""
from tmux_driver import TmuxSession

FLEET_LOADED = r"Flags\(175\)"


def test_filter_open_back_switch_views_and_resize(flagdeck_bin, isolated_home):
    with TmuxSession([flagdeck_bin, "demo"], width=120, height=40, env=isolated_home) as tui:
        screen = tui.wait_for(FLEET_LOADED, timeout=60)
        assert "4 accounts" in screen.splitlines()[0]
        assert "[RW]" in screen.splitlines()[0]
        # The whole screen on failure: this once failed in a full run (and passed in 6 runs
        # after), and pytest's truncated repr hid what the list showed.
        assert "▾ checkout / feature-flags" in screen or "▾ admin-console / feature-flags" in screen, "\n" + screen

        # Filter down to one flag and open it.
        tui.send("/")
        tui.type("one_click_upsell")
        screen = tui.wait_for(r"Flags\(1\)")
        assert "checkout_one_click_upsell" in screen
        tui.send("Enter")  # leave the filter line
        tui.send("Enter")  # open the flag
        screen = tui.wait_for(r"Flag checkout/feature-flags/checkout_one_click_upsell")
        assert "Environments" in screen and "Timeline" in screen and "Changes (newest first)" in screen
        assert "payments-prod/us-east-1/prod" in screen

        # Back to the list, filter still applied; then clear it.
        tui.send("Escape")
        tui.wait_for(r"Flags\(1\)")
        tui.send("Escape")
        tui.wait_for(FLEET_LOADED)

        # Quick filter: only stale flags.
        tui.send("1")
        screen = tui.wait_for(r"Flags\(\d+\)\[stale \d+\]")

        # The other views.
        tui.send("Tab")
        screen = tui.wait_for(r"Review\(\d+\) — retirement candidates")
        assert "[ ] 3. positive customer feedback" in screen or "[x] 3." in screen
        tui.send("Tab")
        screen = tui.wait_for(r"Audit\(\d+\) — deployments, newest first")
        assert "COMPLETE" in screen

        # Resize: the layout follows.
        tui.resize(80, 24)
        screen = tui.wait_for(r"Audit\(\d+\)")
        assert all(len(line) <= 80 for line in screen.splitlines())
        tui.resize(20, 5)
        tui.wait_for("Terminal too small")
        tui.resize(120, 40)
        tui.wait_for(r"Audit\(\d+\)")

        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0


def test_read_only_demo_shows_badge_and_offers_no_change(flagdeck_bin, isolated_home):
    with TmuxSession([flagdeck_bin, "demo", "--read-only"], width=120, height=40, env=isolated_home) as tui:
        screen = tui.wait_for(FLEET_LOADED, timeout=60)
        assert screen.splitlines()[0].rstrip().endswith("[RO]")
        tui.send("?")
        screen = tui.wait_for(r"─ Keys ─")
        # No binding that changes AWS is offered in read-only mode.
        assert "(writes)" not in screen and "toggle" not in screen and "incident" not in screen
        tui.send("Escape")
        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0


def test_review_decisions_in_the_demo(flagdeck_bin, isolated_home):
    with TmuxSession([flagdeck_bin, "demo"], width=140, height=40, env=isolated_home) as tui:
        tui.wait_for(FLEET_LOADED, timeout=60)
        tui.send("Tab")
        screen = tui.wait_for(r"Review\((\d+)\)")
        import re
        before = int(re.search(r"Review\((\d+)\)", screen).group(1))
        first = screen.splitlines()[4].split("│")[1].split()[0]  # key of the selected (first) candidate

        # Retire, with owner and date, and a ticked rule.
        tui.send("3")
        tui.send("r")
        tui.wait_for(r"Decision on .*: retire")
        tui.send("C-u")
        tui.type("alice")
        tui.send("Enter")
        tui.type("2099-12-31")
        tui.send("Enter")
        tui.type("replaced by v2")
        tui.send("Enter")
        screen = tui.wait_for(r"retire → alice by 2099-12-31")
        assert "decision recorded" in screen
        assert "[x] 3. positive customer feedback" in screen

        # Snooze the next candidate: it leaves the list until the date.
        tui.send("j", "z")
        tui.wait_for(r"Decision on .*: snooze")
        tui.send("Enter", "Enter")
        screen = tui.wait_for(r"Review\(%d\)" % (before - 1))

        # A bad date is refused with a reason, nothing recorded.
        tui.send("K")
        tui.wait_for(r"Decision on .*: keep until")
        tui.type("not-a-date")
        tui.send("Enter", "Enter")
        tui.wait_for(r"decision not recorded")

        # The decision shows in the Flag view too.
        tui.send("g", "Enter")
        screen = tui.wait_for(r"Review decision")
        assert "retire → alice by 2099-12-31" in screen and first in screen
        tui.send("Escape", "q")
        assert tui.wait_exit(timeout=20) == 0
