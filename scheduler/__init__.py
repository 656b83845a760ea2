"""The annual inspection plan (涉企行政检查年度计划): requirements, capacity bound, part models, staffing, output."""
