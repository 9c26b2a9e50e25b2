#!/usr/bin/env python3
"""Where the intake path's CPU goes, by phase: reads `perf script -F comm,tid,ip,sym` output of a
`perf record --call-graph dwarf` run of `grid-bench intake [BATCH]` and puts each sample in the
first phase (in the order below) whose marker appears in its stack (docs/BENCHMARKS.md):

    perf record -F 1999 --call-graph dwarf,65000 -o intake.data .build/release/grid-bench intake
    perf script -i intake.data -F comm,tid,ip,sym > intake.script
    scripts/perf-phases.py intake.script
"""
import collections,sys
fn=sys.argv[1]
phases=[('bench-clients','grid_bench'),('log-flush','DispatchLogC12writePending'),('scheduler-queue','DeadlineScheduler'),
('sink:log','DispatchLogC3log'),('sink-other','CommitSinkC9committed'),('response:wire-encode','IncidentWireV6encode'),('response:serialize','ResponseO7success'),('response-other','IncidentViewVySays5UInt8VGYbctFys6ResultOy0A5Store13In'),
('fillArrived','fillArrived'),('completion-other','GroupCommitWriterC7deliver'),
('writer:step','sqlite3_step'),('writer:bind','StatementC4bind'),('writer:stmt','WriteContextC9statement'),('writer:intake-other','IncidentQueriesO6intake'),('writer-attempt-other','GroupCommitWriterC7attempt'),('writer-other','GroupCommitWriterC5drain'),
('prep:digest','ReportDigest'),('prep:open','LifecycleV4open'),('prep:route','RouterV5route'),('prep-other','IntakeServiceC7prepare'),('prepared-values','PreparedIntake'),('decode','RequestDecoder'),('handle-other','RequestHandlerC6handle'),('take-other','ClientConnectionC4take'),
('read','ClientConnectionC13readAvailable'),('writeOutput','ClientConnectionC11writeOutput'),('resume','resumeReadingIfCaughtUp'),('conn-other','ClientConnection')]
samples=[];cur=[]
for line in open(fn, errors='replace'):
    if not line.strip():
        if cur: samples.append(cur); cur=[]
        continue
    if line[0] in '\t ':
        parts=line.strip().split(None,1); cur.append(parts[1] if len(parts)>1 else '?')
    else:
        if cur: samples.append(cur)
        cur=[]
if cur: samples.append(cur)
c=collections.Counter(); other=collections.Counter()
for s in samples:
    joined=' '.join(s)
    for ph,m in phases:
        if m in joined: c[ph]+=1; break
    else:
        c['other']+=1; other[s[-1][:40]+' | '+s[0][:60]]+=1
t=len(samples)
for k,v in c.most_common(): print(f"{100*v/t:5.1f}% {k}")
print('--- other roots|leaves')
for k,v in other.most_common(8): print(f"{100*v/t:5.1f}% {k}")
