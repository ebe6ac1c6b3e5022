"""`flagdeck demo` as a person drives it: the seeded fleet over real HTTP + SigV4."""
from tmux_driver import TmuxSession

FLEET_LOADED = r"Flags\(150\)"


def test_filter_open_back_switch_views_and_resize(flagdeck_bin, isolated_home):
    with TmuxSession([flagdeck_bin, "demo"], width=120, height=40, env=isolated_home) as tui:
        screen = tui.wait_for(FLEET_LOADED, timeout=60)
        assert "4 accounts" in screen.splitlines()[0]
        assert "[RW]" in screen.splitlines()[0]
        assert "▾ checkout / feature-flags" in screen or "▾ admin-console / feature-flags" in screen

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
        assert "(changes AWS)" not in screen
        tui.send("Escape")
        tui.send("q")
        assert tui.wait_exit(timeout=20) == 0
