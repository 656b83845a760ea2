from pages import session
cases = [('auditor', '/audit?plan_id=abc'), ('auditor', '/audit?visit=%FF'), ('auditor', '/audit?page=-3'), ('auditor', '/audit?page=abc'),
 ('auditor', '/audit?visit=V14040400023'), ('auditor', '/audit?plan_id=1&visit=V14040400134'),
 ('viewer', '/plans/1/why?q=%00'), ('viewer', '/plans/1/why?q=' + '长' * 2000), ('viewer', '/plans/1/why?q=%FF'), ('viewer', '/plans/1/why?q=9114040'),
 ('planner', '/plans/1/year?week=2027-W99'), ('planner', '/plans/1/year?week=abc&team=%00'), ('planner', '/plans/1/year/visits/V1?lang=en'),
 ('planner', '/plans/1/year/visits/%FF'), ('leader', '/plans/2/year?today=abc'), ('leader', '/plans/2?lang=en&tab=%FF'),
 ('planner', '/plans/abc'), ('planner', '/plans/1/year/slots?enterprise_id=%00&agency_id=um&received_on=2027-13-01&kind=x'),
 ('planner', '/plans/2/year/slots?enterprise_id=长治&agency_id=um&received_on=abc&kind=complaint'), ('auditor', '/plans/1/year?page=-1')]
S = {}
bad = 0
for u, p in cases:
    c = S.get(u) or S.setdefault(u, session(u))
    r = c.get(p)
    import re, html
    txt = html.unescape(re.sub(r'<[^>]+>', ' ', re.sub(r'<(script|style).*?</\1>', '', r.text, flags=re.S)))
    err = re.search(r'(?s)class="?error"?[^>]*>(.{0,200})', r.text)
    print(r.status_code, u, p[:80], (html.unescape(re.sub('<[^>]+>', '', err.group(1)))[:160] if err else ''), '<-- 500' if r.status_code >= 500 else '')
    bad += r.status_code >= 500
print('5xx', bad)
