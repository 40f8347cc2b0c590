"""Given names and their usual short forms, for matching "Bob Smith" with "Robert Smith".

Each line is one canonical name and the names people use for it. A name may belong to more than
one line (Alex: Alexander, Alexandra); matching then accepts any of them.
"""

from __future__ import annotations

_TABLE = """
abigail abby abbie gail
albert al bert bertie
alexander alex alec sasha sandy lex xander
alexandra alex sasha sandra lexi sandy
andrew andy drew
anthony tony
barbara barb babs
benjamin ben benny benji
catherine kate katie cathy cat kathy katherine kathryn
charles charlie chuck chas
christina chris tina christine kristina
christopher chris kit topher
daniel dan danny
david dave davy
deborah deb debbie debra
dorothy dot dottie
edward ed eddie ted teddy ned
elizabeth liz lizzie beth betty eliza lisa libby elise
emily em emmy
francesco franco checco
francis frank frankie fran
frederick fred freddie fritz
gabriel gabe
gregory greg
guillermo memo guille
henry harry hank hal
isabella bella izzy isabel
jacob jake
james jim jimmy jamie
jennifer jen jenny jenn
jessica jess jessie
johann hans
john jack johnny jon
jonathan jon jonny nathan
joseph joe joey
jose pepe
joshua josh
katarzyna kasia
kenneth ken kenny
lawrence larry laurie
leonard leo len lenny
margaret maggie meg peggy marge margie greta
matthew matt matty
michael mike mikey mick mickey
nicholas nick nicky
patricia pat patty trish tricia
patrick pat paddy
peter pete
philip phil pip
rebecca becky becca
richard rick ricky dick rich richie
robert rob bob bobby robbie bert
ronald ron ronnie
samantha sam sammy
samuel sam sammy
stephen steve stevie steven
susan sue susie suzanne
theodore theo ted teddy
thomas tom tommy
timothy tim timmy
victoria vicky tori
william will bill billy willy liam
aleksandr sasha alexander
ekaterina katya katia
dmitri dima dmitry
mikhail misha michael
yevgeny zhenya evgeny eugene
"""

_CANONICAL: dict[str, set[str]] = {}
for _line in _TABLE.strip().splitlines():
    _canonical, *_others = _line.split()
    for _name in (_canonical, *_others):
        _CANONICAL.setdefault(_name, set()).add(_canonical)


def canonical_first_names(folded: str) -> set[str]:
    """The canonical names a (folded, lower-case) given name may stand for; itself when unknown."""
    return _CANONICAL.get(folded, set()) | {folded}
