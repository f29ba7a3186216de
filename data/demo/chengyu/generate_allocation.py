import json
DAYS=[31,28,31,30,31,30,31,31,30,31,30,31]
def hm3(qs): return [round(q*d*86400/1e6,2) for q,d in zip(qs,DAYS)]
def season(lo,hi):
    # monthly shape: dry Dec-Mar, rising Apr-May, flood Jun-Sep, falling Oct-Nov
    shape=[0.05,0.0,0.08,0.25,0.5,0.8,1.0,0.9,0.75,0.45,0.2,0.08]
    return [lo+(hi-lo)*s for s in shape]
IRR=[0.15,0.15,0.4,0.8,1.0,0.9,0.8,0.7,0.4,0.2,0.1,0.1]  # irrigation shape (rice + dry crops)
def flat(v): return round(v,2)
def agr(peak): return [round(peak*s,2) for s in IRR]
SC,CQ="510000","500000"
nodes=[
 ("DDH-HEAD","大渡河长征渠渠首","Dadu River at the Changzheng Canal head",SC,"source",hm3(season(220,1400))),
 ("DDH-OUT","大渡河下游","Dadu River downstream (leaves the basin)",SC,"outlet",None),
 ("CZQ-SC","长征渠四川段(安岳-遂宁丘陵区)","Changzheng Canal, Sichuan reach (Anyue-Suining hills)",SC,"demand",None),
 ("QJ-AY","琼江安岳","Qiongjiang at Anyue",SC,"source",hm3(season(5,75))),
 ("FJ-SN","涪江遂宁","Fujiang at Suining",SC,"source",hm3(season(110,1100))),
 ("JL-NC","嘉陵江南充","Jialing River at Nanchong",SC,"source",hm3(season(240,1900))),
 ("QJ-GA","渠江广安","Qujiang at Guang'an",SC,"source",hm3(season(90,1000))),
 ("CZQ-CQ","长征渠重庆段(潼南-大足)","Changzheng Canal, Chongqing reach (Tongnan-Dazu)",CQ,"demand",None),
 ("QJ-TN","琼江潼南","Qiongjiang at Tongnan",CQ,"junction",hm3(season(1.5,22))),
 ("FJ-TN","涪江潼南","Fujiang at Tongnan",CQ,"junction",hm3(season(3,30))),
 ("HC","合川三江汇流","Hechuan, confluence of the three rivers",CQ,"demand",hm3(season(4,40))),
 ("CQ-ZX","重庆主城(嘉陵江段)","Chongqing main city on the lower Jialing",CQ,"demand",hm3(season(2,15))),
 ("CTM-OUT","朝天门(汇入长江)","Chaotianmen: the Jialing joins the Yangtze",CQ,"outlet",None),
]
def link(id,f,t,kind,cap=None,loss=0,eco=None,section=None,boundary=False):
    d={"id":id,"from":f,"to":t,"kind":kind}
    if cap is not None: d["capacity_hm3"]=cap
    if loss: d["loss"]=loss
    if eco is not None: d["eco_min_hm3"]=eco
    if section: d["section"]=section
    if boundary: d["boundary"]=True
    return d
links=[
 link("DDH-R","DDH-HEAD","DDH-OUT","river",eco=hm3([60]*12),section="DDH-XY"),
 link("CZQ-1","DDH-HEAD","CZQ-SC","diversion",cap=hm3([40]*12),loss=0.10),
 link("CZQ-2","CZQ-SC","CZQ-CQ","diversion",cap=hm3([20]*12),loss=0.05,section="CZQ-JB",boundary=True),
 link("CZQ-SC-T","CZQ-SC","QJ-AY","river"),
 link("CZQ-CQ-T","CZQ-CQ","QJ-TN","river"),
 link("QJ-B","QJ-AY","QJ-TN","river",eco=hm3([4]*12),section="QJ-BD",boundary=True),
 link("FJ-B","FJ-SN","FJ-TN","river",eco=hm3([40]*12),section="FJ-BD",boundary=True),
 link("JL-B","JL-NC","HC","river",eco=hm3([80]*12),section="JL-BD",boundary=True),
 link("QUJ-B","QJ-GA","HC","river",eco=hm3([30]*12),section="QUJ-BD",boundary=True),
 link("QJ-2","QJ-TN","FJ-TN","river"),
 link("FJ-2","FJ-TN","HC","river"),
 link("JL-2","HC","CQ-ZX","river"),
 link("JL-3","CQ-ZX","CTM-OUT","river",eco=hm3([200]*12),section="JL-CTM"),
 link("R-HC","HC","CQ-ZX","return"),
 link("R-ZX","CQ-ZX","CTM-OUT","return"),
]
def dem(id,node,sector,pri,vol,cons,ret=None,jur=None):
    d={"id":id,"node":node,"sector":sector,"priority":pri,"volume_hm3":vol,"consumptive":cons}
    if ret: d["return_link"]=ret
    if jur: d["jurisdiction"]=jur
    return d
P={"domestic":1,"industrial":2,"agricultural":3}
demands=[
 dem("SC-CZ-DOM","CZQ-SC","domestic",1,flat(4.0),0.3),
 dem("SC-CZ-AGR","CZQ-SC","agricultural",3,agr(110),0.7),
 dem("SC-AY-DOM","QJ-AY","domestic",1,flat(2.2),0.3),
 dem("SC-AY-IND","QJ-AY","industrial",2,flat(1.5),0.2),
 dem("SC-AY-AGR","QJ-AY","agricultural",3,agr(35),0.7),
 dem("SC-SN-DOM","FJ-SN","domestic",1,flat(8.0),0.3),
 dem("SC-SN-IND","FJ-SN","industrial",2,flat(7.0),0.2),
 dem("SC-SN-AGR","FJ-SN","agricultural",3,agr(30),0.7),
 dem("SC-NC-DOM","JL-NC","domestic",1,flat(12.0),0.3),
 dem("SC-NC-IND","JL-NC","industrial",2,flat(10.0),0.2),
 dem("SC-NC-AGR","JL-NC","agricultural",3,agr(45),0.7),
 dem("SC-GA-DOM","QJ-GA","domestic",1,flat(6.0),0.3),
 dem("SC-GA-AGR","QJ-GA","agricultural",3,agr(25),0.7),
 dem("CQ-CZ-DOM","CZQ-CQ","domestic",1,flat(3.0),0.3),
 dem("CQ-CZ-AGR","CZQ-CQ","agricultural",3,agr(60),0.7),
 dem("CQ-TN-DOM","QJ-TN","domestic",1,flat(2.0),0.3),
 dem("CQ-TN-IND","QJ-TN","industrial",2,flat(2.0),0.2),
 dem("CQ-TN-AGR","QJ-TN","agricultural",3,agr(22),0.7),
 dem("CQ-HC-DOM","HC","domestic",1,flat(5.0),0.3,"R-HC"),
 dem("CQ-HC-IND","HC","industrial",2,flat(6.0),0.2,"R-HC"),
 dem("CQ-ZX-DOM","CQ-ZX","domestic",1,flat(45.0),0.3,"R-ZX"),
 dem("CQ-ZX-IND","CQ-ZX","industrial",2,flat(30.0),0.2,"R-ZX"),
]
shares=[{"id":"changzheng-canal","period":"year","nodes":["CZQ-SC","CZQ-CQ"],
  "shares":{SC:0.6,CQ:0.4},"tolerance":0.05,
  "notes":"Illustrative: the water delivered to the canal-fed demands is split Sichuan 60 % / Chongqing 40 % (+-5 points) over the year. Not an agreed figure."}]
doc={"id":"chengyu-allocation-2022","name":"川渝共享流域水量分配方案(示例) / Sichuan-Chongqing shared-basin water allocation (demo)",
 "year":2022,"synthetic":True,"units":"hm3",
 "notes":"SYNTHETIC demo data: a coarse, simplified network with plausible but invented numbers; see data/demo/chengyu/README.md (allocation-2022.json) for how they were chosen. Volumes in hm3 (10^6 m3) per month.",
 "nodes":[],"links":links,"demands":demands,"shares":shares}
for c,zh,en,j,k,inf in nodes:
    d={"code":c,"name_zh":zh,"name_en":en,"jurisdiction":j,"kind":k}
    if inf: d["inflow_hm3"]=inf
    doc["nodes"].append(d)
# compact: one object per line, arrays inline
def dump(o, ind=0):
    sp="  "*ind
    if isinstance(o,dict):
        if all(not isinstance(v,(dict,list)) or (isinstance(v,list) and all(not isinstance(x,(dict,list)) for x in v)) for v in o.values()) and ind>=2:
            return "{"+", ".join(json.dumps(k)+": "+json.dumps(v,ensure_ascii=False) for k,v in o.items())+"}"
        items=[sp+"  "+json.dumps(k)+": "+dump(v,ind+1) for k,v in o.items()]
        return "{\n"+",\n".join(items)+"\n"+sp+"}"
    if isinstance(o,list):
        if all(not isinstance(x,(dict,list)) for x in o): return json.dumps(o)
        return "[\n"+",\n".join(sp+"  "+dump(x,ind+1) for x in o)+"\n"+sp+"]"
    return json.dumps(o,ensure_ascii=False)
open("/work/main/data/demo/chengyu/allocation-2022.json","w").write(dump(doc)+"\n")
