"""Page texts: Chinese first, English on request (?lang=en, remembered in a cookie)."""

T = {
    "zh": {
        "title": "涉企行政检查年度计划", "login": "登录", "logout": "退出", "username": "用户名", "password": "密码",
        "upload": "上传检查包", "upload_hint": "CSV 文件的 .zip，或一个 .xlsx 工作簿（每个文件一张表）", "bundles": "检查包",
        "plans": "年度计划", "generate": "生成计划", "status": "任务", "state": "审批状态", "version": "版本",
        "visits_month": "各月检查数（按分级）", "team_load": "队伍各月任务", "joint_rate": "联合检查率", "shortfalls": "未满足事项",
        "submit": "提交审批", "approve": "批准", "reject": "退回", "publish": "公示", "comment": "审批意见",
        "search": "查询企业（统一社会信用代码）", "why": "为什么", "errors": "检查包有问题，未保存", "public": "公示页面",
        "export": "导出 Excel", "audit": "审计记录", "file": "文件", "row": "行", "column": "列", "message": "问题",
        "progress": "进度", "urgent": "紧急线索检查可先行实施，须事后补批（R-URGENT）", "none": "无", "lang": "English",
        "rules": "依据规则", "reason": "理由", "draw_rank": "抽签序号", "tier": "分级", "risk": "风险因素", "visits": "次检查",
        "states": {"draft": "草稿", "submitted": "待审批", "approved": "已批准", "rejected": "已退回", "published": "已公示"},
        "jobs": {"queued": "排队中", "running": "生成中", "done": "已生成", "failed": "生成失败"},
    },
    "en": {
        "title": "Annual enterprise inspection plan", "login": "Log in", "logout": "Log out", "username": "User", "password": "Password",
        "upload": "Upload a bundle", "upload_hint": "a .zip of CSV files, or one .xlsx workbook (a sheet per file)", "bundles": "Bundles",
        "plans": "Plans", "generate": "Generate plan", "status": "Job", "state": "State", "version": "Version",
        "visits_month": "Visits per month (by tier)", "team_load": "Team load by month", "joint_rate": "Joint rate", "shortfalls": "Shortfalls",
        "submit": "Submit for approval", "approve": "Approve", "reject": "Reject", "publish": "Publish", "comment": "Comment",
        "search": "Find an enterprise (credit code)", "why": "Why", "errors": "The bundle has problems; nothing was stored", "public": "Public page",
        "export": "Export Excel", "audit": "Audit trail", "file": "File", "row": "Row", "column": "Column", "message": "Problem",
        "progress": "Progress", "urgent": "Urgent triggered visits may start before approval and are flagged until approved (R-URGENT)",
        "none": "none", "lang": "中文", "rules": "Rules", "reason": "Reason", "draw_rank": "Draw rank", "tier": "Tier", "risk": "Risk factors",
        "visits": "visits",
        "states": {"draft": "draft", "submitted": "submitted", "approved": "approved", "rejected": "rejected", "published": "published"},
        "jobs": {"queued": "queued", "running": "running", "done": "done", "failed": "failed"},
    },
}
