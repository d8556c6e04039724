#!/usr/bin/python3
"""Opens one page of the daemon in headless Chromium (Debian's chromium and chromium-driver),
takes a screenshot, checks every form control has a label, fills the form with the keyboard and
submits it. Prints one JSON object: the page title, language, text before and after, and whether
all controls are labelled. Used by the integration tests; not shipped.

Usage: browser_check.py URL SCREENSHOT.png (nps COMMENT | unsubscribe KEEP_CATEGORY | view -)

`view` only opens the page and reports its charts: the id of every <svg>, how many marks (bars,
points, cells) each holds, and how many resources the page fetched (a self-contained page: none).
It also reads the page as an eye would, the window as tall as the page so the screenshot holds it
all: each chart's texts in order, every pair of texts in one chart whose boxes overlap, and every
text whose colour contrasts less than 4.5:1 (WCAG AA) with what lies under its centre (a cell's
fill blended over the white page, or the page).
"""
import json
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

READING = """
const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
const luminance = c => c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
const result = {texts: {}, overlaps: [], lowContrast: []};
for (const svg of document.querySelectorAll('svg')) {
    const texts = [...svg.querySelectorAll('text')];
    result.texts[svg.id] = texts.map(t => t.textContent);
    const boxes = texts.map(t => t.getBoundingClientRect());
    for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.right > b.left + 0.5 && b.right > a.left + 0.5 && a.bottom > b.top + 0.5 && b.bottom > a.top + 0.5) {
                result.overlaps.push(`${svg.id}: "${texts[i].textContent}" / "${texts[j].textContent}"`);
            }
        }
        const box = boxes[i];
        let background = [255, 255, 255];
        const under = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)
            .find(e => e.tagName === 'rect');
        if (under) {
            const style = getComputedStyle(under), fill = rgb(style.fill), alpha = parseFloat(style.fillOpacity);
            background = background.map((white, k) => white * (1 - alpha) + fill[k] * alpha);
        }
        const [l1, l2] = [luminance(rgb(getComputedStyle(texts[i]).fill)), luminance(background)];
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        if (ratio < 4.5) result.lowContrast.push(`${svg.id}: "${texts[i].textContent}" ${ratio.toFixed(2)}:1`);
    }
}
return result;
"""

url, screenshot, action, argument = sys.argv[1:5]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=800,900"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(url)
    before = driver.find_element(By.TAG_NAME, "body").text
    labelled = driver.execute_script(
        "return [...document.querySelectorAll('input:not([type=hidden]), textarea')]"
        ".every(e => e.labels.length > 0 || e.closest('label') !== null)")
    driver.save_screenshot(screenshot)
    result = {
        "title": driver.title,
        "lang": driver.find_element(By.TAG_NAME, "html").get_attribute("lang"),
        "before": before,
        "after": before,
        "labelled": labelled,
    }
    if action == "view":
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(800, height + 200)
        driver.save_screenshot(screenshot)
        result.update(driver.execute_script(READING))
        result["charts"] = driver.execute_script(
            "return Object.fromEntries([...document.querySelectorAll('svg')]"
            ".map(s => [s.id, s.querySelectorAll('rect, circle, polyline, line[class]').length]))")
        result["resources"] = driver.execute_script("return performance.getEntriesByType('resource').length")
    else:
        if action == "nps":
            comment = driver.find_element(By.ID, "comment")
            comment.clear()
            comment.send_keys(argument)
        else:
            box = driver.find_element(By.ID, argument)
            if box.is_selected():
                box.send_keys(Keys.SPACE)
        # Submitted with the keyboard, as someone who cannot use a mouse would.
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)
        result["after"] = driver.find_element(By.TAG_NAME, "body").text
    result["cookies"] = len(driver.get_cookies())
    print(json.dumps(result, ensure_ascii=False))
finally:
    driver.quit()
