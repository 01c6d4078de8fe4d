"""Screenshots of the calculator, assessment pages, /me/ per role and the dashboard (1280, 390 px):
    python docs/screenshots/shoot.py BASE_URL OUTDIR [BACKUP_CODE]
against a server seeded with seed_demo (staff sign in with a demo backup code)."""

import json
import sys

from playwright.sync_api import sync_playwright

BASE, OUT = sys.argv[1], sys.argv[2]
PW = "dbi-demo-2026"
CODE = [sys.argv[3] if len(sys.argv) > 3 else "dbidemo1"]
STATES = {}
ROLES = {
    "enterprise": ("dn.chu@dbi.local", ["/me/", "/assessments/2/"]),
    "consultant": ("tuvan@dbi.local", ["/me/", "/assessments/3/"]),
    "officer": ("so.dongnai@dbi.local", ["/me/", "/assessments/4/"]),
    "ministry": ("bo.thamdinh@dbi.local", ["/me/", "/assessments/8/", "/reports/"]),
}
widths = {}


def login(page, email):
    page.goto(BASE + "/accounts/login/")
    page.fill("input[name$=username]", email)
    page.fill("input[type=password]", PW)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    if page.get_by_role("heading", name="Nhập mã xác thực").count():
        backup = page.locator("button[name=wizard_goto_step][value=backup]")
        if backup.count():
            backup.click()
            page.wait_for_load_state()
        page.locator("input:visible:not([type=hidden])").first.fill(CODE[0])
        page.locator("form button[type=submit]:not([name=wizard_goto_step])").last.click()
        page.wait_for_load_state()
    print(email, page.url)


def shot(page, name, w):
    page.wait_for_load_state("networkidle")
    widths[f"{name}@{w}"] = page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
    )
    page.screenshot(path=f"{OUT}/{name}-{w}.png")


with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium")
    for w, h in ((1280, 900), (390, 844)):
        ctx = b.new_context(viewport={"width": w, "height": h}, locale="vi-VN")
        page = ctx.new_page()
        page.goto(BASE + "/")
        shot(page, "calculator", w)
        # answer one criterion on the calculator and look at the chart again
        page.locator("#calculator-form input[type=radio]").nth(3).check()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(800)
        page.locator("#results").scroll_into_view_if_needed()
        shot(page, "calculator-after-answer", w)
        ctx.close()
        for role, (email, paths) in ROLES.items():
            ctx = b.new_context(
                viewport={"width": w, "height": h}, locale="vi-VN", storage_state=STATES.get(role)
            )
            page = ctx.new_page()
            if role not in STATES:
                login(page, email)
                STATES[role] = ctx.storage_state()
            for path in paths:
                page.goto(BASE + path)
                name = (
                    role
                    + "-"
                    + path.strip("/").replace("/", "-").replace("assessments-", "assessment")
                )
                shot(page, name, w)
            ctx.close()
    b.close()
with open(f"{OUT}/widths.json", "w") as out:
    json.dump(widths, out, indent=1)
print(json.dumps(widths, indent=1))
