# ruff: noqa: E501  (one fact a line reads better than facts wrapped to 100 columns)
"""Facts written for this project (not copied from a table): TAGS meanings, reasons, captions.

Each block is one row a line, fields separated by `` | ``; a last field ``?`` marks an entry
we are unsure of. build_tables.py reads these blocks and writes the TSV files.
"""

from __future__ import annotations


def memory_source(basis: str = "the State Department TAGS handbook 5 FAH-3") -> str:
    """How the TSV headers name the rows below as their source."""
    return f"written for this project from {basis} as remembered; unsure entries marked"


#: The subject names from AADP to ENRG were checked against the public handbook page.
HANDBOOK_SOURCE = (
    "5 FAH-3 H-011.1 'TAGS and Subject' (CT:TAGS-91, 2022-02-17), "
    "https://fam.state.gov/FAM/05FAH03/05FAH030010.html (names AADP..ENRG)"
)
INFERRED_SOURCE = (
    "inferred for this project from the countries and subjects of the cables under "
    "../shared/cables that carry the code; marked unsure"
)

#: First letter of a subject tag -> category name (5 FAH-3 H-110 names the categories).
SUBJECT_CATEGORIES = {
    "A": "Administration",
    "B": "Business Services",
    "C": "Consular Affairs",
    "E": "Economic Affairs",
    "M": "Military and Defense Affairs",
    "O": "Operations",
    "P": "Political Affairs",
    "S": "Social Affairs",
    "T": "Technology and Science",
}

#: Subject tags checked against the handbook page (2022 wording).
SUBJECT_TAGS_HANDBOOK = """
AADP | Automated Data Processing
ABLD | Building and Grounds
ABUD | Budget Services and Financial Systems
ACOA | Communication Operations and Administration
ACKM | COMSEC Key Management
ADCO | Diplomatic Courier Operations
ADPM | Diplomatic Pouch and Mail
AEMR | Emergency Planning and Evacuation
AFIN | Financial Management
AFSI | Foreign Service Institute
AFSN | Foreign Service National Personnel
AGAO | General Accounting Office
AINF | Information Management Services
AINR | INR Program Administration
AINT | Internet Administration
ALOW | Allowances
AMED | Medical Services
AMGT | Management Operations
AMTC | Telecommunications Equipment Maintenance
ANET | Communications, Circuits, and Networks
AODE | Employees Abroad
AOMS | Office Management Specialist Issues
AORC | International Organizations and Conferences
APCS | Personal Computers
APER | Personnel
ASCH | U.S. Sponsored Schools
ASEC | Security
ASIG | Inspector General Activities
ASUP | Supplies and Equipment
ATRN | Transportation Service
BBSR | Business Services Reporting
BEXP | Trade Expansion and Promotion
BMGT | FCS Management Operations
BTIO | Trade and Investment Opportunities
CASC | Assistance to Citizens
CFED | Federal Agency Services
CJAN | Judicial Assistance and Notarial Services
CLOK | Visa Lookout
CMGT | Consular Administration and Management
CPAS | Passports and Citizenship
CVIS | Visas
EAGR | Agriculture and Forestry
EAID | Foreign Economic Assistance
EAIR | Civil Aviation
ECIN | Economic Integration and Cooperation
ECON | Economic Conditions
ECPS | Communications and Postal Systems
EFIN | Financial and Monetary Affairs
EFIS | Commercial Fishing and Fish Processing
EIND | Industry and Manufacturing
EINT | Economic and Commercial Internet
EINV | Foreign Investments
ELAB | Labor Sector Affairs
ELTN | Land Transportation
EMIN | Minerals and Metals
ENRG | Energy and Power
"""

#: Subject tags written from memory.
SUBJECT_TAGS_MEMORY = """
EPET | Petroleum and Natural Gas
ETRD | Foreign Trade
ETTC | Trade and Technology Controls
EWWT | Waterborne Transportation
MARR | Military and Defense Arrangements
MASS | Military Assistance and Sales
MCAP | Military Capabilities
MNUC | Military Nuclear Applications
MOPS | Military Operations
ODIP | U.S. Diplomatic Representation | ?
OEXC | Educational and Cultural Exchange Operations
OFDP | Foreign Diplomatic Personnel and Missions | ?
OIIP | International Information Programs
OPDC | Diplomatic Courtesies and Correspondence | ?
OPRC | Public Relations and Correspondence
OREP | U.S. Congressional Travel
OSCI | Science Cooperation and Grants | ?
OTRA | Travel
OVIP | Visits and Travel of Prominent Individuals
PARM | Arms Controls and Disarmament
PBTS | National Boundaries, Territories, and Sovereignty
PGOV | Internal Governmental Affairs
PHSA | High Seas Affairs (maritime matters, law of the sea) | ?
PHUM | Human Rights
PINR | Intelligence
PINS | National Security
PNAT | National Independence | ?
PREF | Refugees
PREL | External Political Relations
PROP | Propaganda and Psychological Operations
PTER | Terrorists and Terrorism
SCUL | Cultural Affairs
SENV | Environmental Affairs
SMIG | Migration
SNAR | Narcotics
SOCI | Social Conditions
TBIO | Biological and Medical Science
TINT | Internet Technology
TNGD | Engineering Research and Development | ?
TPHY | Physical Sciences
TRGY | Energy Technology
TSPA | Space Activities
TSPL | Science and Technology Policy
PFOR | Foreign Policy Relations (older subject tag, seen in 1970s cables) | ?
PINT | Internal Political Affairs (older subject tag, seen in 1970s cables) | ?
PEPR | Political and Economic Relations (older subject tag, seen in 1970s cables) | ?
"""

#: Program (K) tags. A code listed without a meaning is a program tag we cannot expand.
PROGRAM_TAGS = """
KACT | Arms control treaties and their compliance | ?
KAWC | Atrocities and War Crimes
KBCT |
KCCP |
KCFE | Conventional Armed Forces in Europe (CFE) Treaty
KCIP | Critical Infrastructure Protection
KCIS |
KCOG |
KCOM |
KCOR | Corruption and Anti-Corruption
KCRM | Criminal Activity
KCRS |
KCSY |
KDEM | Democratization
KDRG |
KEAI | Enterprise for the Americas Initiative | ?
KECF |
KEMS |
KESS |
KFAM |
KFLO |
KFLU | Avian and Pandemic Influenza
KFPC |
KFRD | Fraud (consular fraud prevention)
KFSC |
KGCN |
KGHA |
KGHG | Greenhouse Gases and Climate Change
KGIC | Global Initiative to Combat Nuclear Terrorism | ?
KGIT |
KGLB |
KHDP | Humanitarian Demining Program
KHIV | HIV/AIDS
KHLS | Homeland Security
KICA |
KICR |
KICT |
KIDE | Investment Disputes and Expropriation | ?
KIMT |
KIPR | Intellectual Property Rights
KIRC |
KIRF | International Religious Freedom
KISL | Islamic Affairs
KJUS | Justice and the Rule of Law
KLBO |
KLIG |
KLSO |
KMCA | Millennium Challenge Account
KMDR | Media Reaction Reports
KMFO | Multinational Force and Observers (Sinai) | ?
KMPI | Middle East Partnership Initiative
KMRS |
KMSG |
KNAR |
KNEI |
KNEP |
KNET |
KNNP | Nuclear Nonproliferation
KNSD |
KOCI | Overseas Citizens: Children's Issues (adoption, parental child abduction) | ?
KOGL |
KOLY | Olympic Games
KOMC | Office of Munitions Control (defense trade licensing) | ?
KONP |
KPAL | Palestinian Affairs
KPAM |
KPAO | Public Affairs Office
KPAP |
KPDC |
KPIN |
KPIR |
KPKO | Peacekeeping Operations
KPLS |
KPMP |
KPOW | Prisoners of War and Missing in Action (POW/MIA)
KPRV | Privatization | ?
KPWR |
KQDD |
KRAD |
KREC |
KRIM |
KRVC |
KSAC |
KSAF |
KSCA | Science and Technology Cooperation | ?
KSEI |
KSEO |
KSIP |
KSLG |
KSPR |
KSRK |
KSTC | Strategic Trade Controls (export controls) | ?
KSTT |
KSUM | Summit Meetings
KTDB | National Trade Data Bank (e.g. investment climate statements) | ?
KTEX | Textiles
KTFN | Terrorism Finance
KTIA | Treaties and International Agreements | ?
KTIP | Trafficking in Persons
KTSD |
KUNC |
KUNR | United Nations Reform
KVIR |
KVPR | Visas Viper (terrorist watch-list nominations)
KWBG | West Bank and Gaza
KWIR |
KWMN | Women's Issues
KWPA |
KWWW |
"""

#: Organization tags from cablemap that we can expand. Codes of that list missing here are
#: written to tags.tsv without a meaning ("not expanded").
ORGANIZATION_MEANINGS = """
AAFLI | Asian-American Free Labor Institute
AAI | African-American Institute
AALC | African-American Labor Center
ABA | American Bar Association
ABMC | American Battle Monuments Commission
ACABQ | UN Advisory Committee on Administrative and Budgetary Questions
ACTU | Australian Council of Trade Unions
ADB | Asian Development Bank
AER LINGUS | Aer Lingus (Irish airline)
AEROFLOT | Aeroflot (Soviet, later Russian, airline)
AEROLINEAS ARGENTINAS | Aerolineas Argentinas (airline)
AEROPERU | Aeroperu (airline)
AFDB | African Development Bank
AFDF | African Development Fund
AFL-CIO | American Federation of Labor and Congress of Industrial Organizations
AFP | Agence France-Presse
AFSA | American Foreign Service Association
AI | Amnesty International
AID | U.S. Agency for International Development (USAID)
AIFLD | American Institute for Free Labor Development
AL | League of Arab States (Arab League) | ?
ALIA | Alia, Royal Jordanian Airline
Alitalia | Alitalia (airline)
ALP | Australian Labor Party
AMAL | Amal movement (Lebanon)
AMCHAMS | American Chambers of Commerce abroad
AMOCO | Amoco (oil company)
ANC | African National Congress
ANZUS | Australia, New Zealand, United States Security Treaty
AP | Associated Press
APCAC | Asia-Pacific Council of American Chambers of Commerce
APECO | Asia-Pacific Economic Cooperation (APEC)
ARAMCO | Arabian American Oil Company (Saudi Aramco)
ARCO | Atlantic Richfield Company
ARDE | Democratic Revolutionary Alliance (Nicaragua) | ?
ARENA | Nationalist Republican Alliance (El Salvador) | ?
ARIANA | Ariana Afghan Airlines
ASALA | Armenian Secret Army for the Liberation of Armenia
ASEAN | Association of Southeast Asian Nations
ASPAC | Asian and Pacific Council
AT&T | American Telephone and Telegraph Company
AU-1 | African Union (written AU-1 because AU is Austria) | ?
AUB | American University of Beirut
AUCCTU | All-Union Central Council of Trade Unions (USSR)
AVENSA | Avensa (Venezuelan airline)
AVIANCA | Avianca (Colombian airline)
BA'ATH | Ba'ath Party
BBC | British Broadcasting Corporation
BBG | Broadcasting Board of Governors
BENDIX | Bendix Corporation
BIE | Bureau International des Expositions
BIS | Bank for International Settlements
BLS | Bureau of Labor Statistics
BP | BP (British Petroleum)
Bundesbank | Deutsche Bundesbank (German central bank)
BWIA | BWIA West Indies Airways
CAAC | Civil Aviation Administration of China
CACM | Central American Common Market
CARE | CARE (Cooperative for Assistance and Relief Everywhere)
CBC | Canadian Broadcasting Corporation
CBS | CBS (Columbia Broadcasting System)
CCD | Conference of the Committee on Disarmament
CCIR | International Radio Consultative Committee
CCITT | International Telegraph and Telephone Consultative Committee
CCMS | NATO Committee on the Challenges of Modern Society
CCNAA | Coordination Council for North American Affairs (Taiwan)
CDB | Caribbean Development Bank
CDC | Centers for Disease Control and Prevention
CDU | Christian Democratic Union (Germany)
CEA | Council of Economic Advisers
CEC | Commission of the European Communities
CEMA | Council for Mutual Economic Assistance (COMECON)
CEQ | Council on Environmental Quality
CIA | Central Intelligence Agency
CIEC | Conference on International Economic Cooperation
CIPEC | Intergovernmental Council of Copper Exporting Countries
CIS | Commonwealth of Independent States
CITEL | Inter-American Telecommunication Commission
CITIBANK | Citibank
COE | Council of Europe
Colombo Plan | Colombo Plan
COMIBOL | Corporacion Minera de Bolivia (state mining company)
CONDECA | Central American Defense Council
CONOCO | Conoco (oil company)
COPUOS | UN Committee on the Peaceful Uses of Outer Space
COSEP | Superior Council of Private Enterprise (Nicaragua)
CPSU | Communist Party of the Soviet Union
CSU | Christian Social Union (Bavaria)
CTM | Confederation of Mexican Workers
CWC | Chemical Weapons Convention
CWS | Church World Service
DAC | OECD Development Assistance Committee
DCI | Director of Central Intelligence
DEA | Drug Enforcement Administration
DHS | Department of Homeland Security
DIA | Defense Intelligence Agency
DJP | Democratic Justice Party (South Korea)
DOD | Department of Defense
DOE | Department of Energy
DOT | Department of Transportation
DPC | NATO Defence Planning Committee
DPP | Democratic Progressive Party (Taiwan)
EAC | East African Community
EAL | Eastern Air Lines
EAPC | Euro-Atlantic Partnership Council
EBRD | European Bank for Reconstruction and Development
ECA | UN Economic Commission for Africa; in State cables also the Bureau of Educational and Cultural Affairs | ?
ECAC | European Civil Aviation Conference
ECE | UN Economic Commission for Europe
ECLAC | UN Economic Commission for Latin America and the Caribbean
ECMT | European Conference of Ministers of Transport
ECOSOC | UN Economic and Social Council
ECOWAS | Economic Community of West African States
ECWA | UN Economic Commission for Western Asia
EEOC | Equal Employment Opportunity Commission
EFTA | European Free Trade Association
EL AL | El Al (Israeli airline)
ELN | National Liberation Army (Colombia)
EP | European Parliament
EPA | Environmental Protection Agency
EPC | European Political Cooperation
ESA | European Space Agency
ESCAP | UN Economic and Social Commission for Asia and the Pacific
ESDI | European Security and Defence Identity
ETA | ETA (Basque separatist organization)
EUCOM | U.S. European Command
EUN | European Union
EUROCONTROL | European Organisation for the Safety of Air Navigation
EXIM | Export-Import Bank of the United States
FAA | Federal Aviation Administration
FAO | UN Food and Agriculture Organization
FAPLA | People's Armed Forces for the Liberation of Angola
FARC | Revolutionary Armed Forces of Colombia
FAS | Foreign Agricultural Service
FBI | Federal Bureau of Investigation
FBIS | Foreign Broadcast Information Service
FCC | Federal Communications Commission
FCIA | Foreign Credit Insurance Association
FCSC | Foreign Claims Settlement Commission
FDA | Food and Drug Administration
FDIC | Federal Deposit Insurance Corporation
FDN | Nicaraguan Democratic Force
FDR | Revolutionary Democratic Front (El Salvador)
FEMA | Federal Emergency Management Agency
FHWA | Federal Highway Administration
FINNAIR | Finnair (airline)
FLN | National Liberation Front (Algeria)
FMC | Federal Maritime Commission
FMLN | Farabundo Marti National Liberation Front (El Salvador)
FNLA | National Front for the Liberation of Angola
FRB | Federal Reserve Board
FRELIMO | Mozambique Liberation Front
FSLN | Sandinista National Liberation Front (Nicaragua)
FTC | Federal Trade Commission
FTUI | Free Trade Union Institute
FWS | U.S. Fish and Wildlife Service
G-77 | Group of 77
G-8 | Group of Eight
GAO | General Accounting Office (Government Accountability Office)
GATT | General Agreement on Tariffs and Trade
GCC | Gulf Cooperation Council
General Motors | General Motors
GPO | Government Printing Office
GREENS | Green parties
GSA | General Services Administration
HCOPIL | Hague Conference on Private International Law
HHS | Department of Health and Human Services
HUD | Department of Housing and Urban Development
IACW | Inter-American Commission of Women
IADB | Inter-American Development Bank, or the Inter-American Defense Board | ?
IAEA | International Atomic Energy Agency
IA-ECOSOC | Inter-American Economic and Social Council
IAF | Inter-American Foundation
IAHRC | Inter-American Commission on Human Rights
IAJC | Inter-American Juridical Committee
IARC | International Agency for Research on Cancer
IATA | International Air Transport Association
IATTC | Inter-American Tropical Tuna Commission
IBM | International Business Machines
IBRD | International Bank for Reconstruction and Development (World Bank)
IBWC | International Boundary and Water Commission (United States and Mexico)
ICAO | International Civil Aviation Organization
ICBL | International Campaign to Ban Landmines
ICC | International Criminal Court, or the International Chamber of Commerce | ?
ICCAT | International Commission for the Conservation of Atlantic Tunas
ICCROM | International Centre for the Study of the Preservation and Restoration of Cultural Property
ICES | International Council for the Exploration of the Sea
ICFTU | International Confederation of Free Trade Unions
ICJ | International Court of Justice
ICMC | International Catholic Migration Commission
ICO | International Coffee Organization
ICRC | International Committee of the Red Cross
ICSC | International Civil Service Commission
ICTR | International Criminal Tribunal for Rwanda
ICTY | International Criminal Tribunal for the former Yugoslavia
IDA | International Development Association
IDB | Inter-American Development Bank
IEA | International Energy Agency
IFAD | International Fund for Agricultural Development
IFC | International Finance Corporation
IFRB | International Frequency Registration Board
IFRC | International Federation of Red Cross and Red Crescent Societies
IHB | International Hydrographic Bureau
IICA | Inter-American Institute for Cooperation on Agriculture
IJC | International Joint Commission (United States and Canada)
IJO | International Jute Organization
ILA | International Longshoremen's Association
ILC | International Law Commission
ILO | International Labour Organization
ILZSG | International Lead and Zinc Study Group
IMF | International Monetary Fund
IMO | International Maritime Organization
INCB | International Narcotics Control Board
INFCE | International Nuclear Fuel Cycle Evaluation
INMARSAT | International Maritime Satellite Organization
INPFC | International North Pacific Fisheries Commission
INRO | International Natural Rubber Organization
INS | Immigration and Naturalization Service
INTELSAT | International Telecommunications Satellite Organization
INTERPOL | International Criminal Police Organization
IOC | International Olympic Committee
IOM | International Organization for Migration
IPDC | International Programme for the Development of Communication (UNESCO)
IPHC | International Pacific Halibut Commission
IPU | Inter-Parliamentary Union
IRA | Irish Republican Army
IRC | International Rescue Committee
IREX | International Research and Exchanges Board
IRS | Internal Revenue Service
IRSG | International Rubber Study Group
ISO | International Organization for Standardization
ITT | International Telephone and Telegraph
ITTO | International Tropical Timber Organization
ITU | International Telecommunication Union
IUCNNR | International Union for Conservation of Nature and Natural Resources
IWSG | International Wool Study Group
IYC | International Year of the Child
JAL | Japan Airlines
JAT | JAT Yugoslav Airlines
JCIC | Joint Compliance and Inspection Commission (START)
JDL | Jewish Defense League
JLP | Jamaica Labour Party
KAL | Korean Air Lines
KANU | Kenya African National Union
KGB | Committee for State Security (USSR)
KLM | KLM Royal Dutch Airlines
KMT | Kuomintang
KOC | Kuwait Oil Company
KPNLF | Khmer People's National Liberation Front
LDP | Liberal Democratic Party (Japan)
LLTE | Liberation Tigers of Tamil Eelam (misspelt LTTE)
LOC | Library of Congress
LOT | LOT Polish Airlines
MAB | Man and the Biosphere Programme (UNESCO)
MARAD | Maritime Administration
MEA | Middle East Airlines
MFO | Multinational Force and Observers (Sinai)
MINURSO | UN Mission for the Referendum in Western Sahara
MNLF | Moro National Liberation Front
MONUC | UN Organization Mission in the Democratic Republic of the Congo
MPEAA | Motion Picture Export Association of America
MPLA | Popular Movement for the Liberation of Angola
MTCRE | Missile Technology Control Regime
MTN | Multilateral Trade Negotiations
NAC | North Atlantic Council
NAFO | Northwest Atlantic Fisheries Organization
NAMSA | NATO Maintenance and Supply Agency
NAS | National Academy of Sciences
NASA | National Aeronautics and Space Administration
NASCO | North Atlantic Salmon Conservation Organization
NATO | North Atlantic Treaty Organization
NBC | National Broadcasting Company
NBS | National Bureau of Standards
NDU | National Defense University
NIAG | NATO Industrial Advisory Group
NICSMA | NATO Integrated Communications System Management Agency
NIDA | National Institute on Drug Abuse
NIH | National Institutes of Health
NIOC | National Iranian Oil Company
NMFS | National Marine Fisheries Service
NNPC | Nigerian National Petroleum Corporation
NOAA | National Oceanic and Atmospheric Administration
NPFSC | North Pacific Fur Seal Commission
NPG | NATO Nuclear Planning Group
NSA | National Security Agency
NSC | National Security Council
NSF | National Science Foundation
NTIA | National Telecommunications and Information Administration
NTIS | National Technical Information Service
NTSB | National Transportation Safety Board
NTT | Nippon Telegraph and Telephone
OAPEC | Organization of Arab Petroleum Exporting Countries
OAS | Organization of American States
OAU | Organization of African Unity
OECD | Organisation for Economic Co-operation and Development
OECS | Organisation of Eastern Caribbean States
OIE | World Organisation for Animal Health (Office International des Epizooties)
OMB | Office of Management and Budget
OPEC | Organization of the Petroleum Exporting Countries
OPIC | Overseas Private Investment Corporation
OPM | Office of Personnel Management
ORIT-ICFTU | Inter-American Regional Organization of Workers (ICFTU)
OSCE | Organization for Security and Co-operation in Europe
OSHA | Occupational Safety and Health Administration
OSIA | On-Site Inspection Agency
OVP | Office of the Vice President
PAHO | Pan American Health Organization
PAIGH | Pan American Institute of Geography and History
PAL | Philippine Airlines
PAN | National Action Party (Mexico)
PBS | Public Broadcasting Service
PCI | Italian Communist Party
PEMEX | Petroleos Mexicanos
PETROBRAS | Petroleo Brasileiro
PFLP | Popular Front for the Liberation of Palestine
PFP | NATO Partnership for Peace
Phalange Party | Phalange Party (Lebanon)
PHALANAGE PARTY | Phalange Party (Lebanon) (misspelt)
PHS | Public Health Service
PIA | Pakistan International Airlines
PIARC | World Road Association (Permanent International Association of Road Congresses)
PICES | North Pacific Marine Science Organization
PLA | People's Liberation Army (China)
PLN | National Liberation Party (Costa Rica)
PLO | Palestine Liberation Organization
PNDC | Provisional National Defence Council (Ghana)
PNP | People's National Party (Jamaica)
PPP | Pakistan Peoples Party
PRI | Institutional Revolutionary Party (Mexico)
PSI | Proliferation Security Initiative
PSOE | Spanish Socialist Workers' Party
PUAS | Postal Union of the Americas and Spain
QANTAS | Qantas (airline)
RENAMO | Mozambican National Resistance
RFE | Radio Free Europe
RL | Radio Liberty
RRB | Railroad Retirement Board
SAARC | South Asian Association for Regional Cooperation
SAS | Scandinavian Airlines System
SBA | Small Business Administration
SCC | Standing Consultative Commission (United States and USSR)
SCEPC | NATO Senior Civil Emergency Planning Committee
SDFCU | State Department Federal Credit Union
SEC | Securities and Exchange Commission
SELA | Latin American Economic System
SFOR | Stabilization Force (Bosnia and Herzegovina)
SOCINT | Socialist International
SPC | South Pacific Commission
SPD | Social Democratic Party of Germany
SPF | South Pacific Forum
SPLA | Sudan People's Liberation Army
SPLM | Sudan People's Liberation Movement
SSA | Social Security Administration
SSOD | UN General Assembly Special Session on Disarmament
SWAPO | South West Africa People's Organization
TAPLINE | Trans-Arabian Pipeline
THY | Turkish Airlines
TPLF | Tigray People's Liberation Front
TRSY | Department of the Treasury
TUAC | Trade Union Advisory Committee to the OECD
TUC | Trades Union Congress (United Kingdom)
TVA | Tennessee Valley Authority
UANC | United African National Council (Rhodesia)
UAW | United Auto Workers
UDEAC | Central African Customs and Economic Union
UMNO | United Malays National Organisation
UMOA | West African Monetary Union
UN | United Nations
UNAMSIL | UN Mission in Sierra Leone
UNBRO | UN Border Relief Operation
UNC | United Nations Command (Korea)
UNCHS | UN Centre for Human Settlements (Habitat)
UNCITRAL | UN Commission on International Trade Law
UNCND | UN Commission on Narcotic Drugs
UNCSD | UN Commission on Sustainable Development
UNCSW | UN Commission on the Status of Women
UNCTAD | UN Conference on Trade and Development
UNDC | UN Disarmament Commission
UNDOF | UN Disengagement Observer Force (Golan Heights)
UNDP | UN Development Programme
UNDRO | UN Disaster Relief Office
UNEF | UN Emergency Force
UNEP | UN Environment Programme
UNESCO | UN Educational, Scientific and Cultural Organization
UNFDAC | UN Fund for Drug Abuse Control
UNFICYP | UN Peacekeeping Force in Cyprus
UNFPA | UN Population Fund
UNGA | UN General Assembly
UNGA/C-1 | UN General Assembly First Committee (disarmament and international security)
UNGA/C-2 | UN General Assembly Second Committee (economic and financial)
UNGA/C-3 | UN General Assembly Third Committee (social, humanitarian and cultural)
UNGA/C-4 | UN General Assembly Fourth Committee (special political and decolonization)
UNGA/C-5 | UN General Assembly Fifth Committee (administrative and budgetary)
UNGA/C-6 | UN General Assembly Sixth Committee (legal)
UNGA/SPC | UN General Assembly Special Political Committee
UNGOMAP | UN Good Offices Mission in Afghanistan and Pakistan
UNHCR | UN High Commissioner for Refugees
UNICEF | UN Children's Fund
UNIDO | UN Industrial Development Organization
UNIDROIT | International Institute for the Unification of Private Law
UNIFIL | UN Interim Force in Lebanon
UNIKOM | UN Iraq-Kuwait Observation Mission
UNITA | National Union for the Total Independence of Angola
UNITAR | UN Institute for Training and Research
UNMEE | UN Mission in Ethiopia and Eritrea
UNMIBH | UN Mission in Bosnia and Herzegovina
UNMIK | UN Interim Administration Mission in Kosovo
UNMOGIP | UN Military Observer Group in India and Pakistan
UNMOP | UN Mission of Observers in Prevlaka
UNOMIG | UN Observer Mission in Georgia
UNRWA | UN Relief and Works Agency for Palestine Refugees in the Near East
UNSC | UN Security Council
UNSCEAR | UN Scientific Committee on the Effects of Atomic Radiation
UNTSO | UN Truce Supervision Organization
UPI | United Press International
UPOV | International Union for the Protection of New Varieties of Plants
UPU | Universal Postal Union
USGS | U.S. Geological Survey
USIS | U.S. Information Service
USNRC | U.S. Nuclear Regulatory Commission
USPS | U.S. Postal Service
USSS | U.S. Secret Service
USTR | Office of the U.S. Trade Representative
USTTA | U.S. Travel and Tourism Administration
VA | Department of Veterans Affairs
VARIG | Varig (Brazilian airline)
VFW | Veterans of Foreign Wars
VIASA | Viasa (Venezuelan airline)
VOA | Voice of America
WARC | World Administrative Radio Conference
WCC | World Council of Churches
WCL | World Confederation of Labour
WEU | Western European Union
WFP | World Food Programme
WFTU | World Federation of Trade Unions
WHO | World Health Organization
WILPF | Women's International League for Peace and Freedom
WIPO | World Intellectual Property Organization
WJC | World Jewish Congress
WMO | World Meteorological Organization
WTO | World Trade Organization (the usual TAGS code for it is WTRO; WTO can also be the World Tourism Organization) | ?
WTRO | World Trade Organization
YPFB | Yacimientos Petroliferos Fiscales Bolivianos (Bolivian state oil company)
ZANU | Zimbabwe African National Union
ZANU-PF | Zimbabwe African National Union - Patriotic Front
ZAPU | Zimbabwe African People's Union
"""

#: Organization and other tags used in the cables but missing from the cablemap list.
EXTRA_TAGS = """
EU | organization | European Union (EU is the FIPS 10-4 code of Europa Island; the organization tag is EUN)
NPT | organization | Treaty on the Non-Proliferation of Nuclear Weapons
UNHRC | organization | UN Human Rights Council
FTAA | organization | Free Trade Area of the Americas
IWC | organization | International Whaling Commission
OPCW | organization | Organisation for the Prohibition of Chemical Weapons
OIC | organization | Organization of the Islamic Conference
MERCOSUR | organization | Southern Common Market (Mercosur)
LTTE | organization | Liberation Tigers of Tamil Eelam
IIP | organization | Bureau of International Information Programs (State Department)
USEU | organization | U.S. Mission to the European Union
USUN | organization | U.S. Mission to the United Nations
EAP | organization | Bureau of East Asian and Pacific Affairs (State Department)
MEPP | other | Middle East peace process
CBW | other | chemical and biological weapons
TIP | other | trafficking in persons
"""

#: Geographic codes used in cables that are not (current) FIPS 10-4 codes.
#: Fields: code | kind | name | note [| ?]
EXTRA_GEOGRAPHIC = """
RU | variant | Russia | the FIPS 10-4 code is RS; RU is used for Russia in many cables (seen in cables)
VZ | variant | Venezuela | the FIPS 10-4 code is VE; VZ is used in some cables (seen in cables)
SR | variant | Serbia | used for Serbia in State TAGS 2006-2010 (Belgrade cables); FIPS 10-4 RI
TC | historical | United Arab Emirates | former FIPS 10-4 code (Trucial States); now AE
YE | variant | Yemen | the FIPS 10-4 code is YM; YE is seen in cables from Sanaa
YI | historical | Serbia and Montenegro (Yugoslavia) | former FIPS 10-4 code for the Federal Republic of Yugoslavia, later Serbia and Montenegro
YO | historical | Yugoslavia | former FIPS 10-4 code (before 1992) | ?
UR | historical | Soviet Union (USSR) | former FIPS 10-4 code (before 1992)
NT | historical | Netherlands Antilles | FIPS 10-4 code until the islands' dissolution in 2010
GE | historical | West Germany (Federal Republic of Germany) | former FIPS 10-4 code (before 1990, now GM); later cables sometimes write GE for Georgia (GG) or Germany (GM) | ?
GC | historical | East Germany (German Democratic Republic) | former FIPS 10-4 code (before 1990) | ?
NA | variant | Netherlands Antilles | seen in cables about the Antilles (The Hague, Curacao); some cables use it for Namibia (the ISO 3166 code; FIPS WA) | ?
JP | variant | Japan | ISO 3166 code written by mistake for the FIPS 10-4 code JA (seen in cables)
IQ | variant | Iraq | ISO 3166 code written by mistake for the FIPS 10-4 code IZ (seen in cables)
IL | variant | Israel | ISO 3166 code written by mistake for the FIPS 10-4 code IS (seen in cables)
"""

#: Regional TAGS codes. Fields: code | name | source-key [| ?]; source-key "memory" or
#: "inferred" (from the cables that carry the code).
REGIONAL_TAGS = """
XA | Africa | memory
XF | Middle East (Near East) | memory
XM | Latin America | memory
XO | Indian Ocean | memory | ?
XK | Central America | inferred | ?
XL | Caribbean | inferred | ?
XR | South America | inferred | ?
XW | East Africa and the Horn of Africa | inferred | ?
XY | West Africa | inferred | ?
XD | South Asia | inferred | ?
XG | Europe | inferred | ?
XH | Eastern Europe | inferred | ?
ZB | Baltic states | inferred | ?
ZF | Great Lakes region of Africa | inferred | ?
ZK | Central Asia | inferred | ?
ZU | Southern Africa | inferred | ?
XC | | inferred
XE | | inferred
XS | | inferred
XT | | inferred
XV | | inferred
XZ | | inferred
ZJ | | inferred
ZL | | inferred
ZO | | inferred
ZP | | inferred
ZR | | inferred
"""

#: Classification reasons. Fields: code | kind | orders | meaning [| ?]
REASONS = """
1.4(a) | classification reason | E.O. 12958 as amended (2003), E.O. 13526 | military plans, weapons systems, or operations
1.4(b) | classification reason | E.O. 12958 as amended (2003), E.O. 13526 | foreign government information
1.4(c) | classification reason | E.O. 12958 as amended (2003), E.O. 13526 | intelligence activities (including covert action), intelligence sources or methods, or cryptology
1.4(d) | classification reason | E.O. 12958 as amended (2003), E.O. 13526 | foreign relations or foreign activities of the United States, including confidential sources
1.4(e) | classification reason | E.O. 12958 as amended (2003), E.O. 13526 | scientific, technological, or economic matters relating to the national security
1.4(f) | classification reason | E.O. 12958 as amended (2003), E.O. 13526 | United States Government programs for safeguarding nuclear materials or facilities
1.4(g) | classification reason | E.O. 12958 as amended (2003), E.O. 13526 | vulnerabilities or capabilities of systems, installations, infrastructures, projects, plans, or protection services relating to the national security
1.4(h) | classification reason | E.O. 12958 as amended (2003), E.O. 13526 | weapons of mass destruction
1.5(a) | classification reason | E.O. 12958 (1995) | military plans, weapons systems, or operations
1.5(b) | classification reason | E.O. 12958 (1995) | foreign government information
1.5(c) | classification reason | E.O. 12958 (1995) | intelligence activities (including special activities), intelligence sources or methods, or cryptology
1.5(d) | classification reason | E.O. 12958 (1995) | foreign relations or foreign activities of the United States, including confidential sources
1.5(e) | classification reason | E.O. 12958 (1995) | scientific, technological, or economic matters relating to the national security
1.5(f) | classification reason | E.O. 12958 (1995) | United States Government programs for safeguarding nuclear materials or facilities
1.5(g) | classification reason | E.O. 12958 (1995) | vulnerabilities or capabilities of systems, installations, projects or plans relating to the national security
X1 | exemption from 10-year declassification | E.O. 12958 sec. 1.6(d)(1) | would reveal an intelligence source, method, or activity, or a cryptologic system or activity
X2 | exemption from 10-year declassification | E.O. 12958 sec. 1.6(d)(2) | would reveal information that would assist in the development or use of weapons of mass destruction
X3 | exemption from 10-year declassification | E.O. 12958 sec. 1.6(d)(3) | would reveal information that would impair the development or use of technology within a United States weapons system
X4 | exemption from 10-year declassification | E.O. 12958 sec. 1.6(d)(4) | would reveal United States military plans, or national security emergency preparedness plans
X5 | exemption from 10-year declassification | E.O. 12958 sec. 1.6(d)(5) | would reveal foreign government information
X6 | exemption from 10-year declassification | E.O. 12958 sec. 1.6(d)(6) | would damage relations between the United States and a foreign government, reveal a confidential source, or seriously undermine diplomatic activities that are reasonably expected to be ongoing for more than 10 years
X7 | exemption from 10-year declassification | E.O. 12958 sec. 1.6(d)(7) | would impair the ability of United States Government officials to protect the President, the Vice President, and other individuals for whom protection services are authorized
X8 | exemption from 10-year declassification | E.O. 12958 sec. 1.6(d)(8) | would violate a statute, treaty, or international agreement
25X1 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(1), E.O. 13526 sec. 3.3(b)(1) | would reveal the identity of a confidential human source or a human intelligence source, or impair an intelligence method (25X1-HUMAN: a human source)
25X2 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(2), E.O. 13526 sec. 3.3(b)(2) | would reveal information that would assist in the development, production, or use of weapons of mass destruction
25X3 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(3), E.O. 13526 sec. 3.3(b)(3) | would reveal information that would impair U.S. cryptologic systems or activities
25X4 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(4), E.O. 13526 sec. 3.3(b)(4) | would reveal information that would impair the application of state-of-the-art technology within a U.S. weapon system
25X5 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(5), E.O. 13526 sec. 3.3(b)(5) | would reveal U.S. military war plans that remain in effect
25X6 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(6), E.O. 13526 sec. 3.3(b)(6) | would seriously impair relations between the United States and a foreign government, or ongoing diplomatic activities of the United States
25X7 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(7), E.O. 13526 sec. 3.3(b)(7) | would impair the ability of U.S. Government officials to protect the President, the Vice President, and other protectees
25X8 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(8), E.O. 13526 sec. 3.3(b)(8) | would seriously impair current national security emergency preparedness plans (since the 2003 amendment also: reveal current vulnerabilities of systems, installations, or infrastructures)
25X9 | exemption from 25-year automatic declassification | E.O. 12958 sec. 3.4(b)(9), E.O. 13526 sec. 3.3(b)(9) | would violate a statute, treaty, or international agreement
OADR | declassification instruction | E.O. 12356 (1982) | Originating Agency's Determination Required: no declassification date; the originating agency decides when
GDS | declassification instruction | E.O. 11652 (1972) | General Declassification Schedule: downgraded every two years and declassified after six (CONFIDENTIAL), eight (SECRET) or ten (TOP SECRET) years; under E.O. 12065 (1978) GDS was followed by the declassification date
XGDS-1 | exemption from the General Declassification Schedule | E.O. 11652 sec. 5(B)(1) | information furnished by foreign governments or international organizations in confidence
XGDS-2 | exemption from the General Declassification Schedule | E.O. 11652 sec. 5(B)(2) | information covered by statute, or about cryptography, or disclosing intelligence sources or methods
XGDS-3 | exemption from the General Declassification Schedule | E.O. 11652 sec. 5(B)(3) | information about a system, plan, installation, project or foreign relations matter whose continued protection is essential to national security
XGDS-4 | exemption from the General Declassification Schedule | E.O. 11652 sec. 5(B)(4) | information whose disclosure would place a person in immediate jeopardy
RDS | declassification instruction | E.O. 12065 (1978) | Review for Declassification Schedule: classified beyond six years, to be reviewed for declassification on the date given (numbered categories not expanded here) | ?
N/A | declassification instruction | E.O. 12958 | not applicable: the cable is unclassified, so there is nothing to declassify
MR | declassification instruction | E.O. 12958 | manual review: to be reviewed by hand before any declassification | ?
NARA | declassification instruction | | declassified by the National Archives and Records Administration (NARA)
DNG | declassification instruction | | downgrade: to be downgraded to the level given on the date given
"""

#: Precedence. Fields: code | meaning | note [| ?]
PRECEDENCE = """
Z | FLASH | highest precedence in State traffic: handled ahead of everything else
O | IMMEDIATE | to be handled at once, ahead of PRIORITY and ROUTINE traffic
P | PRIORITY | to be handled before ROUTINE traffic
R | ROUTINE | normal handling
Y | EMERGENCY COMMAND PRECEDENCE | military precedence above FLASH | ?
FLASH | FLASH | precedence letter Z
IMMEDIATE | IMMEDIATE | precedence letter O
PRIORITY | PRIORITY | precedence letter P
ROUTINE | ROUTINE | precedence letter R
NIACT IMMEDIATE | NIACT IMMEDIATE | night action: the addressee must act on it at once, even outside office hours
NIACT | NIACT IMMEDIATE | night action: the addressee must act on it at once, even outside office hours
PIORITY | PRIORITY | misspelling of PRIORITY seen in cables
"""

#: Security lines. Fields: code | meaning | level
SECURITY_CODES = """
UUUUU | UNCLASSIFIED | U
EEEEE | EFTO (encrypted for transmission only): unclassified but sensitive (SBU, LIMITED OFFICIAL USE) | SBU
CCCCC | CONFIDENTIAL | C
SSSSS | SECRET | S
TTTTT | TOP SECRET | TS
ZNY | classified message (sent encrypted) |
ZNR | unclassified message |
"""

#: Handling captions and dissemination controls. Fields: code | kind | meaning [| ?]
HANDLING = """
SIPDIS | distribution caption | SIPRNet distribution: the cable may be posted to the Department's SIPRNet database and read by cleared staff of other agencies
NOFORN | dissemination control | not releasable to foreign nationals
NF | dissemination control | not releasable to foreign nationals (NOFORN)
EXDIS | distribution caption | exclusive distribution: only to officers with an essential need to know
NODIS | distribution caption | no distribution beyond the addressees without the approval of the Executive Secretariat; the most restricted State caption
LIMDIS | distribution caption | limited distribution: only to offices with a need to know
STADIS | distribution caption | State distribution only: not to be distributed outside the Department of State
ROGER | channel caption | ROGER channel: messages on intelligence matters between the Bureau of Intelligence and Research and chiefs of mission | ?
CHEROKEE | channel caption | NODIS CHEROKEE: the most restricted channel, personal messages between the Secretary (or the White House) and chiefs of mission | ?
TERREP | distribution caption | terrorism report: reporting on terrorist threats, distributed to counterterrorism offices | ?
SENSITIVE | handling caveat | Sensitive But Unclassified (SBU): unclassified, but not for public release
SBU | handling caveat | Sensitive But Unclassified: unclassified, but not for public release
SENSITIVE BUT UNCLASSIFIED | handling caveat | unclassified, but not for public release
FOUO | handling caveat | For Official Use Only: unclassified, exempt from public release
FOR OFFICIAL USE ONLY | handling caveat | unclassified, exempt from public release
LIMITED OFFICIAL USE | handling caveat | State Department marking for unclassified information that needs protection from public release
LOU | handling caveat | LIMITED OFFICIAL USE: unclassified information that needs protection from public release
EFTO | handling caveat | encrypted for transmission only: unclassified traffic sent encrypted
ORCON | dissemination control | originator controlled: further dissemination only with the originator's permission
REL TO | dissemination control | releasable to the countries or organizations named after it (e.g. REL TO USA, FVEY)
REL | dissemination control | releasable to the countries or organizations named after it
FVEY | release group | Five Eyes: Australia, Canada, New Zealand, the United Kingdom and the United States
FGI | dissemination control | foreign government information
PROPIN | dissemination control | caution: proprietary information involved
NOCONTRACT | dissemination control | not releasable to contractors or consultants
WNINTEL | dissemination control | warning notice: intelligence sources or methods involved
EYES ONLY | handling caveat | to be read only by the named addressee
DISSENT CHANNEL | channel caption | Dissent Channel: a dissenting policy view sent to the Secretary and the Policy Planning Staff
"""
