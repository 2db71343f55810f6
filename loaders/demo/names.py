"""Plausible, fictional Chinese names for the demo city's people, compounds, firms and units.

Every name is drawn from a `random.Random` the caller passes in, so the same
seed gives the same names. People are fictional: a surname by its rough
frequency and a one- or two-character given name.
"""
from __future__ import annotations

import random

# The commonest surnames, most frequent first (weights fall off with rank).
SURNAMES = tuple("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田"
                 "董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖石金韦贾夏付方邹熊"
                 "白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤")
_SURNAME_WEIGHTS = tuple(1.0 / (rank + 8) for rank in range(len(SURNAMES)))
GIVEN_FEMALE = tuple("芳娟敏静丽艳娜秀英华慧玲婷雪琳霞燕红梅兰萍洁倩颖佳琴丹月琼桂蓉晓欣悦")
GIVEN_MALE = tuple("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆建国文斌林峰成志海东亮")
GIVEN_ANY = tuple("子一春秋晨雨思嘉天永德世宏光正云瑞安宁福玉明新")

_PLACE_WORDS = tuple("锦绣金翠华祥和瑞丰泰康宁安福嘉盛兴隆景怡馨雅御龙凤凰桂梅兰竹松柏枫桃李杏荷"
                     "东南西北中新阳光明月星辰江湖河湾滨溪山峰岭林园苑庭")
_COMPOUND_SUFFIXES = ("小区", "花园", "苑", "家园", "公寓", "佳苑", "雅居", "城", "府", "名都")
_OLD_COMPOUND_SUFFIXES = ("宿舍", "家属院", "院落", "小二楼")
_OLD_COMPOUND_OWNERS = ("机械厂", "纺织厂", "粮站", "供销社", "化工厂", "水泥厂", "邮电局", "运输公司",
                        "食品公司", "棉麻公司", "农机站", "电厂", "烟草公司", "百货公司")

FIRM_TRADES = ("机械制造", "电气设备", "化工", "食品加工", "建筑工程", "商贸", "物流", "信息技术",
               "餐饮", "医药", "新材料", "汽车配件")
SOCIAL_ORG_WORDS = ("社会工作服务中心", "志愿者协会", "养老服务中心", "公益发展中心", "文化艺术协会", "青少年服务中心")
AGENCIES = ("税务所", "供电所", "市场监管所", "派出所", "自来水公司营业所", "邮政支局", "司法所", "国土资源所",
            "农商银行支行", "电信营业部", "燃气公司服务站", "消防救援站")


def person_name(rng: random.Random, gender: str) -> str:
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    pool = GIVEN_FEMALE if gender == "female" else GIVEN_MALE
    if rng.random() < 0.35:
        return surname + rng.choice(pool)
    return surname + rng.choice(GIVEN_ANY + pool) + rng.choice(pool)


def compound_name(rng: random.Random, old: bool) -> str:
    if old:
        return rng.choice(_OLD_COMPOUND_OWNERS) + rng.choice(_OLD_COMPOUND_SUFFIXES)
    return rng.choice(_PLACE_WORDS) + rng.choice(_PLACE_WORDS) + rng.choice(_COMPOUND_SUFFIXES)


def property_company_name(rng: random.Random, place: str) -> str:
    return f"{place}{rng.choice(_PLACE_WORDS)}{rng.choice(_PLACE_WORDS)}物业服务有限公司"


def resident_unit_name(rng: random.Random, kind: str, district: str, street: str, community: str,
                       taken: set[str]) -> tuple[str, str]:
    """A resident unit's unique name and its sector, by the unit's kind."""
    place = district[:2]
    if kind == "firm":
        trade = rng.choice(FIRM_TRADES)
        make = lambda: f"{place}{rng.choice(_PLACE_WORDS)}{rng.choice(_PLACE_WORDS)}{trade}有限公司"  # noqa: E731
        return pick_unique(rng, make, taken), trade
    if kind == "hospital":
        make = lambda: street + rng.choice(("卫生院", "社区卫生服务中心", "中医医院", "妇幼保健站"))  # noqa: E731
        return pick_unique(rng, make, taken), "卫生健康"
    if kind == "school":
        stem = community.removesuffix("社区").removesuffix("村")
        make = lambda: stem + rng.choice(("小学", "中学", "幼儿园", "实验学校"))  # noqa: E731
        return pick_unique(rng, make, taken), "教育"
    if kind == "agency":
        return pick_unique(rng, lambda: street + rng.choice(AGENCIES), taken), "公共服务"
    return pick_unique(rng, lambda: place + rng.choice(SOCIAL_ORG_WORDS), taken), "社会服务"


def pick_unique(rng: random.Random, make, taken: set[str], tries: int = 20) -> str:
    """A name from `make()` not yet in `taken` (numbered if the pool runs dry); records it."""
    name = make()
    for _ in range(tries):
        if name not in taken:
            break
        name = make()
    base, number = name, 2
    while name in taken:
        name, number = f"{base}{number}", number + 1
    taken.add(name)
    return name
