#!/usr/bin/env python3
# Distinct (MN, interval, DataTime, code, zs) values over frames that pass length + CRC, line by line.
import sys
T=[0]*256
for i in range(256):
    v=i
    for _ in range(8): v=(v>>1)^0xA001 if v&1 else v>>1
    T[i]=v
def crc(b):
    r=0xFFFF
    for x in b: r=T[(r>>8)^x]
    return r
iv={'2011':'rtd','2051':'minute','2061':'hour','2031':'day'}
seen=set(); frames=0
for line in open(sys.argv[1],'rb'):
    line=line.rstrip(b'\r\n')
    if not line.startswith(b'##') or len(line)<12: continue
    try: n=int(line[2:6])
    except: continue
    seg=line[6:6+n]
    if len(line)!=6+n+4 or len(seg)!=n: continue
    try: c=int(line[6+n:6+n+4],16)
    except: continue
    if crc(seg)!=c: continue
    frames+=1
    t=seg.decode()
    import re
    parts=re.split('[;,&]',t)
    f={}
    for p in parts:
        if '=' in p:
            k,v=p.split('=',1); f.setdefault(k,v)
    cn=f.get('CN'); mn=f.get('MN'); dt=f.get('DataTime')
    if cn not in iv or not mn or not dt: continue
    cp=t[t.index('CP=&&')+5:]
    for p in re.split('[;,&]',cp):
        if '=' not in p: continue
        k=p.split('=',1)[0]; ks=k.split('-')
        if len(ks)==2 and ks[1] in ('Rtd','Avg','ZsRtd','ZsAvg','Cou'):
            seen.add((mn,iv[cn],dt[:14],ks[0],ks[1].startswith('Zs')))
print(frames, len(seen))
