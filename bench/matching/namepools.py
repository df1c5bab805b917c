"""Name pools for the migrant-like registry generator (bench only).

Written for this benchmark from general knowledge of how these names are
spelt in French, English and German administrative usage; deliberately NOT
taken from people/matching/, so the benchmark does not test the matcher on its
own tables.

Format of a pool: one name per line, "WEIGHT Spelling1|Spelling2|...".
WEIGHT is the relative frequency of the name (a few very common names get a
large weight); the spellings are transliteration variants of the SAME name, the
first one being the most usual in that region.  A record draws a spelling with
decreasing probability (first ~50 %, then the rest).  A name with a single
spelling has no variant.

Slavic and Georgian family names are written once in an English-style
romanisation; generate.py derives French, German and "scientific/passport"
spellings from them by rule (see slavic_styles()).
"""


def parse(block: str) -> list[tuple[float, list[str]]]:
    out = []
    for line in block.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        weight, _, names = line.partition(" ")
        out.append((float(weight), [n.strip() for n in names.split("|") if n.strip()]))
    return out


# ---------------------------------------------------------------- Maghreb
MAGHREB_M = """
40 Mohamed|Mohammed|Mouhamed|Muhammad|Mohamad|Mhamed
12 Ahmed|Ahmad|Hmed|Achmed
8 Youssef|Youcef|Yousef|Yusuf|Youssouf
6 Karim|Kareem|Karem
5 Said|Saïd|Saeed|Sayed
6 Rachid|Rashid|Rachide|Rasheed
4 Abdelkader|Abdel Kader|Abdelkadir|Abdulkadir|Abdul Qader
5 Abdellah|Abdallah|Abdullah|Abdelah
4 Abdelaziz|Abdel Aziz|Abdulaziz|Abdelazize
4 Abderrahmane|Abdelrahman|Abdel Rahman|Abderahmane|Abdurrahman|Abdulrahman
5 Mustapha|Mustafa|Moustafa|Mostafa
5 Hamza|Hamzah|Hamsa
4 Bilal|Belal
4 Amine|Amin
5 Mohamed Amine|Mohamed-Amine|Mohammed Amin|Mohamedamine
4 Ayoub|Ayyub|Ayub|Ayoube
4 Ilyas|Ilias|Elias|Ilyass|Elyas
5 Yassine|Yacine|Yassin|Yasin|Yasine
4 Hicham|Hichem|Hisham|Hesham
5 Khalid|Khaled|Khalide
3 Nabil|Nabeel
4 Mehdi|Mahdi
5 Omar|Oumar|Umar|Omer
3 Othmane|Othman|Outhmane|Osman
2 Abdelhak|Abdel Hak|Abdulhaq|Abdelhaq
3 Noureddine|Nour Eddine|Nourdine|Nordine|Nouredine|Nur al-Din
2 Badreddine|Badr Eddine|Badredine|Badr al-Din
3 Zakaria|Zakariya|Zakariyya|Zacharia
4 Brahim|Ibrahim|Ibraheem|Ebrahim
4 Tarik|Tarek|Tariq|Tareq
3 Walid|Oualid|Waleed
3 Sofiane|Soufiane|Sufyan|Sofian
3 Adil|Adel|Aadil
3 Djamel|Jamal|Jamel|Gamal
2 Mounir|Munir
2 Fouad|Fuad
2 Redouane|Redwane|Ridwan|Radwan
4 Hassan|Hasan|Hassane|Hacen
3 Hocine|Hussein|Houssein|Hussain|Husain
4 Ali|Aly
2 Abdelali|Abdel Ali|Abdelaali
2 Soufiane|Sofiane|Sufian
2 Anouar|Anwar|Anouer
2 Marouane|Marwan|Merouane
2 Saad|Saâd|Saaed
1 Lahcen|Lahsen|Lahoucine
1 Driss|Idriss|Idris
"""

MAGHREB_F = """
20 Fatima|Fatma|Fadma|Fatimah|Fatema
10 Khadija|Khadidja|Khadijah|Kadija
8 Aicha|Aïcha|Aisha|Aysha|Aishah|Ayesha
8 Meryem|Maryam|Meriem|Mariam|Myriam
6 Amina|Aminah|Amena
4 Salma|Selma
4 Samira|Sameera
4 Nadia|Nadiya|Nadja
5 Zineb|Zainab|Zeinab|Zaynab
3 Hafsa|Hafssa|Hafsah
4 Yasmina|Yasmine|Yasmin|Jasmin
4 Nour|Noor|Nur
3 Houda|Huda|Hoda
4 Imane|Iman|Imene|Eman
3 Soumaya|Sumaya|Soumaia|Somaya
2 Latifa|Lateefa|Latefa
2 Malika|Malikah
3 Naima|Naïma|Na'ima
2 Siham|Sihame
4 Leila|Layla|Laila|Leyla
2 Rim|Reem|Rym
3 Asmaa|Asma|Esma
2 Hanane|Hanan
3 Sara|Sarah
2 Wafae|Wafaa|Wafa
2 Zohra|Zahra|Zahraa
2 Loubna|Lubna
2 Ikram|Ikrame
1 Ouafae|Wafae|Ouafa
"""

MAGHREB_FAMILY = """
3 El Amrani|Elamrani|Al Amrani|El-Amrani
3 Benali|Ben Ali|Ben-Ali
2 Bennani|Benani
2 Benjelloun|Ben Jelloun|Benjeloun
2 El Idrissi|Elidrissi|Idrissi|El Idrisi
3 Alaoui|El Alaoui|Elalaoui
1 Tazi|Tazy
1 Berrada|Berada
1 Chraibi|Chraïbi|Shraibi
1 Lahlou|Lahlu
2 Ouali|Wali|Ouale
2 El Boukhari|Boukhari|Bukhari
3 Haddad|Hadad|Al-Haddad
3 Mansouri|El Mansouri|Mansuri
2 Belkacem|Bel Kacem|Belkacemi|Belqasem
2 Bouzid|Bouzide|Bu Zaid
2 Benyahia|Ben Yahia|Benyahya
3 Saidi|Saïdi|Saidy|Sayidi
2 Hamdi|Hamdy
3 Cherif|Chérif|Sharif|Cherief
2 Meziane|Mezian|Mazian
2 Khelifi|Khalifi|Kheliffi
3 Brahimi|Ibrahimi|Brahmi
1 Bouazizi|Bouazizy
1 Zidane|Zidan|Zeidan
2 Benaissa|Ben Aissa|Benaïssa|Ben Aïssa
2 Djebbar|Jabbar|Djabbar
2 Hamidi|Hamidy
1 Kaddour|Kadour|Qaddour
1 Ait Ahmed|Aït Ahmed|Aitahmed|Ait-Ahmed
1 Ouahbi|Wahbi
1 Chaoui|Chawi|Shawi
2 El Fassi|Elfassi|Fassi
1 Rahmouni|Rahmuni
1 Jaziri|El Jaziri|Djaziri
2 Trabelsi|Trabelssi|Trablsi
2 Gharbi|Rharbi|El Gharbi
1 Mejri|Majri
2 Ben Salah|Bensalah|Ben-Salah
1 Ben Ammar|Benammar
1 Dridi|Dridy
2 Hammami|Hamami
2 El Ouardi|Elouardi|Ouardi
1 Azzouzi|Azouzi
1 Bouchama|Bou Chama|Bouchamma
1 Ziani|Zayani
1 Belhadj|Bel Hadj|Ben Hadj
1 Benmoussa|Ben Moussa|Benmousa
1 El Khattabi|Khattabi|Elkhattabi
1 Ouazzani|Wazzani|Ouazani
"""

# ---------------------------------------------------------------- Middle East (Syria, Iraq, Palestine, Egypt, Sudan)
MIDEAST_M = """
40 Mohammed|Mohammad|Muhammad|Mohamed|Mohamad|Mouhammad
14 Ahmad|Ahmed|Ahmet
8 Mahmoud|Mahmud|Mahmood
8 Ali|Aly
8 Hussein|Hussain|Husein|Houssein|Hossein
7 Hassan|Hasan|Hassane
6 Omar|Umar|Omer
6 Khaled|Khalid
6 Abdullah|Abdallah|Abdulla|Abdellah
5 Abdulrahman|Abdul Rahman|Abdel Rahman|Abdelrahman|Abd al-Rahman|Abdurrahman
3 Abdulkarim|Abdul Karim|Abdel Karim|Abdelkarim
5 Yousef|Yusuf|Youssef|Yousif|Yosef
5 Ibrahim|Ibraheem|Ebrahim
5 Mustafa|Moustafa|Mostafa|Mostapha
3 Saleh|Salih|Saleh
3 Salah|Salah Eddin|Salaheddine|Salah al-Din
2 Bashar|Bachar|Bashshar
2 Firas|Feras
2 Wael|Wail|Wa'el
3 Samer|Sammer
2 Samir|Sameer|Smir
2 Majed|Majid|Maged|Majd
3 Tarek|Tariq|Tareq|Tarik
3 Ammar|Amar|Ammaar
3 Osama|Usama|Oussama|Ousama
2 Haitham|Haytham|Heitham
3 Hamza|Hamzah
1 Qusay|Qusai|Kusay|Qussay
2 Anas|Anass
1 Jihad|Djihad|Jehad
2 Rami|Ramy
2 Fadi|Fady
2 Zaid|Zayd|Zeid
3 Haider|Haidar|Hayder|Heidar
1 Karrar|Karar
2 Ayman|Aiman|Eyman
2 Mohannad|Muhannad|Mouhannad
1 Abdulaziz|Abdul Aziz|Abdel Aziz|Abdelaziz
1 Yahya|Yahia|Yehia
1 Nizar|Nezar
"""

MIDEAST_F = """
14 Fatima|Fatimah|Fatema|Fatma
8 Maryam|Mariam|Mariyam|Meryem
6 Zainab|Zaynab|Zeinab|Zineb
6 Aisha|Aysha|Aicha|Aischa|Ayesha
5 Noor|Nour|Nur
4 Huda|Hoda|Houda
4 Rasha|Racha
4 Hanan|Hanane
3 Ghada|Rhada
5 Sara|Sarah
4 Amal|Amel
4 Rania|Raniya
3 Dima|Deema
3 Lina|Leena
3 Rim|Reem|Rym
3 Doaa|Duaa|Douaa|Dua
4 Asmaa|Asma|Esma
3 Israa|Isra|Esraa
3 Heba|Hiba|Hebah
3 Ruba|Roba
2 Batoul|Batool|Batul
2 Zahraa|Zahra|Zehra
2 Shaimaa|Shaima|Chaimaa
2 Rahaf|Rahaf
2 Aya|Ayah
3 Khadija|Khadijah|Khadidja
3 Amina|Aminah|Ameena
"""

MIDEAST_FAMILY = """
3 Al-Hassan|Al Hassan|Alhassan|El Hassan|Al-Hasan
3 Al-Ahmad|Al Ahmad|Alahmad|Al-Ahmed
3 Al-Ali|Al Ali|Alali|El Ali
2 Al-Khatib|Al Khateeb|Alkhatib|El Khatib|Al-Khateeb
2 Al-Jabouri|Al Jubouri|Aljuburi|Al-Joubouri|Al Jaburi
2 Al-Obeidi|Al Ubaidi|Alobaidi|Al-Obaidi
2 Al-Tamimi|Al Tamimi|Altamimi|Al-Tememi
2 Al-Saadi|Al Saadi|Alsaadi|Al-Sa'adi
2 Al-Shammari|Al Shammari|Alshammari|Al-Shamari
2 Al-Hussein|Al Hussein|Alhussein|Al-Husein
2 Hamdan|Hamdane|Hamdann
3 Haddad|Al-Haddad|Hadad
3 Khalil|Khaleel|Halil
2 Darwish|Darwich|Derwish|Dervis
3 Suleiman|Sulaiman|Soliman|Sleiman|Slimane
2 Othman|Osman|Uthman|Outhmane
2 Abbas|Abas
3 Mahmoud|Mahmud|Mahmood
3 Ibrahim|Ibraheem|Ebrahim
2 Nasser|Nasir|Naser|Nacer
2 Youssef|Yousef|Yusuf|Yousif
2 Hammoud|Hamoud|Hamud
2 Shaheen|Chahine|Shahin|Sahin
2 Mansour|Mansur|Mansor
1 Aziz|Azeez
1 Jaber|Jabir|Djaber
2 Al-Kurdi|Al Kurdi|Alkurdi|El Kurdi|Kurdi
1 Hammad|Hamad
1 Al-Najjar|Al Najjar|Alnajjar|Najjar|Naggar
2 Kassem|Qasim|Kassim|Qassem
1 Zaher|Zahir|Dhaher
2 Mustafa|Moustafa|Mostafa
2 Al-Masri|Al Masri|Elmasri|El Masri
1 Al-Halabi|Al Halabi|Alhalabi|Halabi
1 Al-Dulaimi|Al Dulaimi|Aldulaimi|Al-Duleimi
1 Abdelrahman|Abdel Rahman|Abdulrahman|Abd al-Rahman
1 Osman|Othman|Usman
1 Abdalla|Abdallah|Abdullah
1 Elamin|El Amin|Al-Amin|Alamin
1 Adam|Adem
1 Idris|Idriss|Edris
"""

# ------ West Africa (Guinea, Senegal, Mali, Côte d'Ivoire, Gambia, Sierra Leone)
WESTAFRICA_M = """
45 Mamadou|Mamadu|Mammadou|Mamadú
20 Mohamed|Mouhamed|Mohammed|Muhammed|Mouhamadou|Mohamadou
14 Ibrahima|Ibrahim|Ebrima|Brahima|Ibrahiima
12 Amadou|Ahmadou|Amadu|Hamadou
12 Ousmane|Usman|Ousman|Othman|Ousmane
12 Abdoulaye|Abdulaye|Abdoulay|Abdullahi|Abdoulahi
10 Alpha|Alfa
10 Boubacar|Boubakar|Bubacarr|Aboubacar|Abubakar|Aboubakar
10 Moussa|Musa|Mousa|Moussah
9 Souleymane|Suleiman|Souleimane|Sulayman|Soulemane
9 Sekou|Sékou|Seku|Sekouba
9 Lamine|Lamin|Alamine|Al Amine
8 Cheikh|Cheick|Sheikh|Shaikh|Cheikhou
7 Modou|Modu|Moudou
7 Ismaila|Ismael|Ismail|Ismaïla
8 Aliou|Alioune|Aliyu|Aliou
8 Oumar|Omar|Umar|Oumarou
6 Saliou|Saliu|Saliou
8 Thierno|Tierno|Cerno|Tiemo
6 Elhadj|El Hadj|Alhaji|El Hadji|Elhadji|Alhadji
6 Bakary|Bakari|Bakar|Bakarry
6 Issa|Isa|Issah
6 Youssouf|Yusuf|Yousouf|Youssoufa
5 Daouda|Dauda|Dawda|Daoud
4 Sidiki|Siddiq|Sidiky
5 Fodé|Fode|Fodeh|Fodey
4 Karamo|Karamba|Karamoko
4 Lansana|Lansane|Lancina
5 Seydou|Saidou|Seidu|Saydou
6 Adama|Adamah
5 Demba|Dembo
5 Samba|Sambah
5 Babacar|Babakar|Babacarr
4 Pape|Papa|Pap
5 Abdou|Abdu|Abdo
4 Mamadou Aliou|Mamadou-Aliou|Mamadoualiou
4 Mamadou Saliou|Mamadou-Saliou|Mamadousaliou
3 Mohamed Lamine|Mouhamed Lamine|Mohamed-Lamine|Mohamedlamine
3 Ibrahima Sory|Ibrahima-Sory|Ibrahimasory
3 Alpha Oumar|Alpha-Oumar|Alphaoumar|Alfa Umar
3 Abdourahmane|Abdou Rahmane|Abdourahman|Abdul Rahman|Abdurahman
3 Abdoul Karim|Abdoulkarim|Abdul Karim|Abdulkarim
3 Mamady|Mamadi|Mamady
3 Kalil|Khalil|Kaliloo
3 Mory|Mori|Morry
3 Yaya|Yahya|Yahaya
3 Djibril|Jibril|Djibrill|Gibril
2 Ousseynou|Ousseini|Usseyni|Housseini
2 Massamba|Masamba
2 Tidiane|Tidjane|Tijan|Tidjani
2 Souleymane|Suleymane|Sulaymane
2 Moctar|Mokhtar|Mukhtar|Moktar
2 Kémo|Kemo|Kemoh
2 Famara|Faramah
"""

WESTAFRICA_F = """
30 Fatoumata|Fatoumatta|Fatumata|Fatoumata|Fatimata
12 Aissatou|Aïssatou|Aisatou|Aishatu|Aissata
12 Mariama|Mariame|Mariam|Maryama
10 Kadiatou|Khadiatou|Hadiatou|Kadiatu|Kadijatou
8 Hawa|Awa|Hawaou|Haoua
10 Aminata|Aminatou|Aminatu|Aminatta
5 Ramatoulaye|Ramatulai|Ramatoulay|Rahmatoulaye
6 Oumou|Umu|Oummou
6 Fanta|Fantah
6 Binta|Bintou|Bintu
5 Djenabou|Jenabu|Dienabou|Djénabou|Zenabou
4 Mariatou|Mariatu
4 Safiatou|Safiatu|Safietou
4 Kadidia|Kadidja|Khadidja|Kadija
4 Rokia|Rokiatou|Rokhaya|Rokiya
5 Ndeye|Ndèye|N'Deye|Ndey
5 Coumba|Kumba|Koumba|Coumbah
3 Sokhna|Sokna
4 Néné|Nene|Nenneh
3 Hadja|Hajja|Hadjah
3 Fatou|Fatu|Fatouh
3 Ramata|Rahmata
3 Assetou|Assatou|Asatu
3 Salimatou|Salimatu|Salamatou
3 Bineta|Binetou|Binta
2 Fatoumata Binta|Fatoumata-Binta|Fatoumatabinta
2 Aissatou Bella|Aissatou-Bella|Aïssatou Bella
2 Ndeye Fatou|Ndèye Fatou|Ndeye-Fatou
2 Adja|Adjah|Haja
2 Maimouna|Maïmouna|Maimuna|Mémouna
2 Sira|Sirah
2 Tenin|Teninn|Tening
"""

WESTAFRICA_FAMILY = """
30 Diallo|Jallow|Jalloh|Djallo|Diallo
18 Barry|Bari|Barrie
16 Bah|Ba|Baa
14 Sow|Sowe|Sou
16 Camara|Kamara|Kamarah|Camarah
10 Keita|Keïta|Kéita|Keyta
10 Touré|Toure|Turay|Ture
12 Traoré|Traore|Trawally|Tarawally|Traorè
8 Konaté|Konate|Konateh|Konatè
8 Condé|Conde|Kondeh|Condeh
8 Sylla|Silla|Sillah
6 Soumah|Sumah|Souma|Soumaoro
8 Bangoura|Bangura|Bangourah
6 Sidibé|Sidibe|Sidibeh
10 Diop|Jobe|Job|Diope
10 Ndiaye|N'Diaye|Njie|Ndiay|N Diaye
8 Fall|Fal
6 Sy|Sih|Sey
6 Gueye|Gaye|Gay|Guèye
6 Faye|Fye|Fay
5 Diouf|Jouf|Dioof
10 Cissé|Cisse|Ceesay|Sisay|Cissè
6 Sarr|Sar
5 Mbaye|M'Baye|Mbye|Mbaya
5 Sanneh|Sané|Sane|Saneh
5 Kane|Kan|Khane
6 Diakité|Diakite|Jakite|Diakhité|Diakhate
10 Coulibaly|Kulibali|Kouloubaly|Koulibaly
6 Doumbia|Dumbuya|Doumbouya|Doumbiya
5 Dembélé|Dembele|Dembélè
8 Koné|Kone|Konneh|Konè
6 Fofana|Fofanah|Fofona
5 Sissoko|Cissoko|Sisoko|Sissokho
4 Tall|Tal
8 Baldé|Balde|Baldeh|Baldé
3 Darboe|Darbo|Darbeau
5 Sesay|Sissay|Sesey
3 Kourouma|Kuruma|Kourouma
4 Kaba|Kabba|Kabah
4 Sakho|Sako|Sacko|Sakko
4 Diawara|Jawara|Diawarra
3 Tounkara|Tunkara|Tounkarah
6 Ouattara|Watara|Wattara|Ouatara
2 Yattara|Yatara|Yatarra
3 Dramé|Drame|Drammeh|Dramè
2 Samaké|Samake|Samakeh
4 Niang|Niane|Nyang|Nyangh
4 Thiam|Tiam|Cham|Tchiam
4 Seck|Sek|Secke
3 Dieng|Jeng|Dyeng
3 Wade|Wad|Wadeh
3 Diagne|Jagne|Diane
2 Kébé|Kebe|Kebbeh
3 Tounkara|Tunkara
2 Mansaré|Mansare|Mansaray
3 Bamba|Bambah
2 Yansané|Yansane|Yansaneh
2 Kouyaté|Kouyate|Kuyateh|Kouyatè
2 Diaby|Diabi|Jabbi|Jabi
2 Kanté|Kante|Kanteh
2 Keïta|Keita|Kéïta
"""

# ------ Eritrea / Ethiopia (family name = father's given name)
HABESHA_M = """
10 Tesfaye|Tesfay|Tesfai|Tesfa
8 Yohannes|Yohanes|Yohannis|Johannes
8 Habtom|Habtu|Habtum
7 Dawit|Daweet|David
8 Semere|Semre|Semer
6 Mebrahtu|Mebrahtom|Mibrahtu|Mebrahto
7 Tekle|Teklé|Tecle|Tekleh
7 Kidane|Kiddane|Kidan
8 Berhane|Berhe|Birhane|Berhan|Birhan
6 Goitom|Goytom|Goitum
6 Filmon|Filimon|Philemon|Fillmon
6 Yonas|Jonas|Yonass
5 Mehari|Meharie|Mehary
6 Haile|Hayle|Hailé
5 Abraham|Abrham|Abreham
5 Tewelde|Tewolde|Teweldé|Tewold
5 Gebremedhin|Ghebremedhin|Gebre Medhin|Gebremedhn|Ghebre Medhin
6 Gebremariam|Ghebremariam|Gebre Mariam|Gebremaryam|Ghebre Mariam
5 Gebrehiwet|Ghebrehiwet|Gebre Hiwet|Gebrehiwot|G/Hiwet
4 Weldemichael|Woldemichael|Welde Michael|Woldemikael|Weldemikael
3 Haileselassie|Haile Selassie|Hailesilasie|Haile Silassie
3 Teklemariam|Tekle Mariam|Teklemaryam
3 Habtemariam|Habte Mariam|Habtemaryam
5 Amanuel|Emmanuel|Amanual|Amaniel
4 Mulugeta|Mulgeta|Mullugeta
3 Getachew|Getachow|Guetachew
3 Girma|Guirma|Girmay
5 Solomon|Selomon|Salomon
4 Bereket|Bereket|Bereketab
5 Biniam|Biniyam|Binyam|Beniam
5 Robel|Rubel|Robiel
4 Henok|Henock|Enok
4 Efrem|Ephrem|Afrem|Efrom
5 Daniel|Danel|Dániel
6 Kibrom|Kibrum|Kbrom|Kebrom
4 Mussie|Musie|Musse|Mussi
4 Negasi|Negassi|Nigisti
5 Tsegay|Tsegaye|Tsegai|Tsegei
4 Zerai|Zeray|Zerei
4 Fitsum|Fitsem|Fitsume
4 Okbay|Okbai|Ukbay|Okbaye
4 Ghirmay|Girmay|Ghirmai
4 Medhanie|Medhane|Medhani
3 Asmerom|Asmerum
3 Weldu|Woldu|Weldou
"""

HABESHA_F = """
6 Selam|Salam|Selamawit
5 Helen|Hellen|Elen
6 Senait|Senayt|Sinait|Senaite
5 Meron|Merron|Méron
5 Saba|Sabah
5 Yordanos|Jordanos|Yordanose|Yordanus
5 Rahel|Rachel|Rahiel
4 Tsega|Tsige|Tsegga
4 Lidya|Lydia|Lidia
5 Hiwet|Hewet|Hiwot|Hiwete
4 Semhar|Semhare|Semhár
4 Mebrat|Mibrat|Mebrát
4 Mahlet|Mahelet|Mahlete
4 Almaz|Elmaz|Almáz
4 Tigist|Tigest|Tegist
3 Aster|Astier|Astér
4 Luwam|Luam|Lwam
4 Winta|Wintana|Wentana
4 Feven|Fiven|Fevén
3 Abeba|Abebech|Abebe
4 Ruth|Rut|Rutha
4 Eden|Edén
4 Freweini|Frewoini|Fireweyni
4 Mulu|Mullu|Mulunesh
3 Akberet|Akeberet|Akbaret
3 Nigisti|Negisti|Nighisti
"""

# ---------------------------------------------------------------- Somalia (family name = father's given name)
SOMALI_M = """
12 Mohamed|Maxamed|Mohammed|Muhammad|Mahamed
8 Abdirahman|Abdurahman|Abdi Rahman|Abdirahmaan|Cabdiraxmaan
8 Abdullahi|Abdulahi|Abdillahi|Cabdullaahi
8 Ahmed|Axmed|Ahmad|Akhmed
7 Hassan|Xasan|Hasan|Hasaan
7 Hussein|Xuseen|Husein|Hussain|Huseyn
8 Abdi|Cabdi|Abdy
8 Ali|Cali|Aly
6 Omar|Cumar|Umar|Omer
6 Yusuf|Yuusuf|Yousuf|Youssouf
5 Ismail|Ismaaciil|Ismael|Ismaail
6 Farah|Faarax|Farax
5 Said|Saciid|Saeed|Sayid
5 Abdikadir|Abdulkadir|Cabdulqaadir|Abdiqadir
5 Osman|Cismaan|Othman|Usman
4 Mustafa|Mustafe|Moustafa|Mustaf
4 Ibrahim|Ibraahim|Ebrahim
4 Abdikarim|Abdulkarim|Cabdikariim|Abdi Karim
4 Mahad|Mahat|Maxad
4 Liban|Libaan|Liibaan
3 Guled|Guuleed|Guleed
3 Warsame|Warsome|Warsama
3 Nur|Nuur|Noor
3 Aden|Aadan|Adan|Adam
3 Jama|Jaamac|Jamac
3 Abdiaziz|Abdulaziz|Cabdicasiis|Abdi Aziz
"""

SOMALI_F = """
10 Fadumo|Faduma|Fatuma|Faadumo|Fatima
8 Amina|Aamina|Aminah|Amiina
6 Hodan|Hoodan|Hodaan
6 Sahra|Sahro|Zahra|Sahra
6 Asha|Aisha|Caasha|Aysha
6 Halima|Xaliimo|Halimo|Halimah
6 Maryan|Maryam|Mariam|Maryama
5 Khadija|Hadiija|Khadiijo|Kadija
4 Ubah|Ubax|Ubaah
4 Nasra|Nasro|Nasrah
4 Ayan|Ayaan|Ayane
4 Deqa|Deeqa|Deka
4 Ifrah|Ifra|Ifraax
3 Hibo|Hibaaq|Hibaq
3 Sagal|Sagaal
3 Idil|Idiil
4 Hawa|Xawa|Hawo|Xaawo
3 Sadia|Saadia|Sacdiyo
3 Muna|Muuna|Mounah
"""

# ---------------------------------------------------------------- Afghanistan
AFGHAN_M = """
30 Mohammad|Mohammed|Muhammad|Mohamad|Mahammad|Mohamed
12 Ahmad|Ahmed|Achmad
6 Ali|Aly
5 Abdul Rahman|Abdulrahman|Abdur Rahman|Abdurrahman|Abdolrahman
4 Abdul Ghafoor|Abdul Ghafur|Abdulghafoor|Abdol Ghafour
4 Abdul Wahid|Abdulwahid|Abdol Vahid|Abdul Waheed
4 Abdul Karim|Abdulkarim|Abdol Karim|Abdel Karim
4 Abdul Qadir|Abdulqadir|Abdul Kadir|Abdul Qader|Abdolghader
6 Abdullah|Abdulla|Abdollah|Abdallah
5 Hamid|Hameed|Hamed
4 Jawad|Javad|Jawwad
4 Khalid|Khaled|Chaled
4 Mustafa|Mostafa|Moustafa
4 Noor|Nur|Nour
3 Rahmatullah|Rahmatulla|Rahmat Ullah|Rahmatollah
4 Zabihullah|Zabiullah|Zabihulla|Zabihollah
4 Samiullah|Sami Ullah|Samiulla|Samiollah
3 Hekmatullah|Hikmatullah|Hekmatulla|Hekmatollah
3 Ezatullah|Izzatullah|Ezzatullah|Ezatollah
4 Sayed|Sayyed|Seyed|Sayyid|Said
3 Jamshid|Jamsheed|Djamshid
4 Farid|Fareed|Fared
4 Habib|Habeeb|Habibullah
4 Wahid|Waheed|Vahid
4 Nasir|Naser|Nasser|Naseer
5 Hussain|Hossein|Hussein|Husain|Hosein
4 Reza|Raza|Rezaa
4 Mehdi|Mahdi|Mahdy
3 Bilal|Belal
4 Omid|Umid|Omeed
3 Shafiq|Shafique|Shafik
3 Najib|Najeeb|Nadjib|Najibullah
3 Hamidullah|Hamidulla|Hamid Ullah
3 Ismail|Esmail|Ismael|Esmaeel
4 Yousuf|Yusuf|Yosuf|Yousef
3 Qasim|Kasim|Ghasem|Qassim|Kassem
3 Karim|Kareem|Karem
3 Rahim|Raheem|Rahem
4 Sohrab|Suhrab|Sohrob
3 Naveed|Navid|Nawid
3 Elyas|Ilyas|Elias|Ilias
2 Gul Ahmad|Gulahmad|Gul Ahmed
2 Ahmad Shah|Ahmadshah|Ahmed Shah
2 Ahmad Zia|Ahmadzia|Ahmed Zia
2 Mohammad Nabi|Mohammadnabi|Muhammad Nabi|Mohamad Nabi
2 Mohammad Ali|Mohammadali|Muhammad Ali|Mohamad Ali
"""

AFGHAN_F = """
10 Fatima|Fatema|Fatemeh|Fatimah
8 Zahra|Zahara|Zehra|Zohra
8 Maryam|Mariam|Maryem|Meryem
5 Masooma|Masuma|Masoumeh|Maasuma
6 Zainab|Zeinab|Zaynab|Sainab
4 Shabnam|Shabnum|Schabnam
4 Nazanin|Nazaneen|Nasanin
4 Parwana|Parvaneh|Parwaneh|Parvana
4 Soraya|Suraya|Sorayya|Soraja
3 Fariba|Fareeba|Fariba
3 Hamida|Hameeda|Hamideh
3 Gulalai|Gulalay|Gul Alai
3 Malalai|Malalay|Malala
4 Sahar|Sahr|Saher
4 Nilofar|Nilufar|Niloufar|Nilofer
4 Freshta|Fereshteh|Fereshta|Freshtah
4 Khadija|Khadijeh|Khadijah|Chadija
4 Roya|Roja|Ruya
4 Laila|Leila|Layla|Leyla|Laily
3 Farzana|Farsana|Farzaneh
3 Mursal|Morsal|Mursala
3 Tahmina|Tahmineh|Tahmeena
3 Marzia|Marziyeh|Marziya|Marsia
"""

AFGHAN_FAMILY = """
4 Ahmadzai|Ahmadzay|Ahmedzai|Ahmad Zai
3 Popal|Popalzai|Popalzay
3 Barakzai|Barakzay|Barekzai
2 Hotak|Hotaki|Hotakey
2 Durrani|Durani|Dorrani
2 Karzai|Karzay|Karsai
6 Mohammadi|Mohamadi|Muhammadi|Mohammady|Mohammedi
6 Ahmadi|Ahmady|Ahmedi|Achmadi
4 Rahimi|Rahemi|Rahimy
4 Hashimi|Hashemi|Hashimy|Haschemi
4 Sultani|Soltani|Sultany
5 Haidari|Heydari|Haydari|Hayderi|Heidari
5 Hussaini|Hosseini|Husseini|Husaini|Hossaini
5 Rezaei|Rezai|Rezaee|Rezayi|Rezaie
4 Jafari|Jaafari|Jafary|Djafari
4 Nazari|Nazary|Nasari
4 Azizi|Azizy|Asisi
3 Safi|Safie|Safy
3 Stanikzai|Stanekzai|Stanakzai
4 Noori|Nuri|Noorie|Nouri
3 Sadat|Saadat|Sadaat
4 Amiri|Amiry|Emiri
4 Akbari|Akbary|Akbarie
4 Karimi|Karimy|Kareemi
3 Rahmani|Rahmany|Rachmani
3 Habibi|Habiby|Habibie
2 Wardak|Wardag|Wardaq
3 Naseri|Nasiri|Nasery|Naziri
3 Qaderi|Ghaderi|Kaderi|Qadiri
3 Sharifi|Sharify|Scharifi
2 Yousufzai|Yousafzai|Yusufzai|Yousefzai
2 Shinwari|Shinwary|Schinwari
2 Mangal|Mangel
2 Zadran|Zadrani|Sadran
3 Samadi|Samady|Samedi
3 Faizi|Faizy|Feizi
3 Alizada|Alizadeh|Alizade|Ali Zada
3 Hakimi|Hakimy|Hakeemi
2 Sediqi|Siddiqi|Sedighi|Sidiqi
2 Omari|Omary|Umari
"""

# ---------------------------------------------------------------- Georgia
GEORGIAN_M = """
12 Giorgi|Georgi|Giorgy|Georgiy|George|Guiorgui
8 Davit|David|Dawit|Davith
7 Levan|Levani|Lewan
5 Nikoloz|Nikolos|Nicolas|Nikolozi
6 Irakli|Irakly|Irakliy|Iraklii
5 Zurab|Zourab|Surab|Zurabi
5 Lasha|Lacha|Lascha
3 Tamaz|Thamaz|Tamazi
5 Mikheil|Mikhail|Mikhael|Michail|Mikheili
5 Aleksandre|Alexandre|Aleksandr|Alexander|Alexandr
3 Vakhtang|Vakhtangi|Wachtang|Vakhtanq
3 Shota|Chota|Schota
4 Beka|Bekha|Beqa
3 Nodar|Nodari|Nodare
3 Gocha|Gotcha|Gotscha
3 Zaza|Zasa
3 Otar|Otari|Otare
3 Tengiz|Tenguiz|Tengizi|Tengis
3 Revaz|Rewas|Revazi|Rezo
4 Temur|Teimuraz|Timur|Temuri
3 Archil|Artchil|Archili|Artschil
3 Kakha|Kakhaber|Kacha|Kachaber
3 Mamuka|Mamouka|Mamuka
3 Gela|Guela|Gelah
3 Badri|Badry|Badrie
3 Giga|Guiga|Gigah
3 Luka|Louka|Luca
3 Sandro|Sandró|Sandrou
"""

GEORGIAN_F = """
8 Nino|Nina|Ninó
7 Tamar|Tamara|Thamar|Tamari
5 Ketevan|Ketewan|Ketevani|Keti
6 Mariam|Mariami|Maria|Mariyam
5 Natia|Natiya|Natiia
5 Ekaterine|Ekaterina|Yekaterina|Eka
4 Salome|Salomé|Salomeh
5 Ana|Anna|Ani
4 Manana|Manane
4 Nana|Nanna
3 Lela|Lali|Lella
4 Maia|Maya|Maiya
3 Tinatin|Tina|Tinatini
4 Sopho|Sofio|Sophio|Sofia
3 Khatuna|Khatouna|Chatuna
3 Lia|Liya|Lija
3 Irma|Irmah
3 Marina|Marine
3 Rusudan|Roussoudan|Rusudani
3 Teona|Teo|Theona
3 Natela|Nato|Natella
"""

# Family names: English-style romanisation; other spellings come from rules.
GEORGIAN_FAMILY = """
4 Beridze
4 Kapanadze
4 Gelashvili
4 Maisuradze
3 Giorgadze
3 Lomidze
3 Tsiklauri
3 Bolkvadze
3 Nozadze
3 Khutsishvili
3 Abashidze
2 Kvaratskhelia
2 Jananashvili
3 Japaridze
3 Mchedlishvili
3 Gogoladze
2 Natsvlishvili
3 Chkheidze
3 Tsereteli
3 Kobakhidze
3 Mikadze
2 Kiknadze
3 Shengelia
2 Jgerenaia
2 Gvenetadze
2 Kharaishvili
3 Bakradze
3 Dolidze
3 Svanidze
2 Lortkipanidze
2 Tabatadze
2 Zhvania
2 Chanturia
3 Merabishvili
2 Javakhishvili
2 Gamsakhurdia
2 Saakashvili
2 Kipiani
2 Tsintsadze
3 Melikishvili
2 Burduli
3 Khachidze
3 Gigauri
3 Jikia
2 Sulaberidze
3 Tsulukidze
2 Kurashvili
3 Nadiradze
2 Shavgulidze
3 Meskhi
2 Zhorzholiani
"""

# ---------------------------------------------------------------- Ukraine
UKRAINIAN_M = """
10 Oleksandr|Olexandr|Oleksander|Aleksandr|Alexandr|Alexandre
8 Serhiy|Serhii|Sergiy|Sergey|Sergei|Serguei|Serhij
7 Andriy|Andrii|Andrij|Andrey|Andrei
7 Volodymyr|Wolodymyr|Volodimir|Vladimir|Wladimir
6 Mykola|Mikola|Nikolai|Nikolay|Mykola
6 Oleh|Oleg|Olegh
6 Yuriy|Yurii|Iurii|Yuri|Juri|Youri
7 Dmytro|Dmitro|Dmitriy|Dmitry|Dmitri
5 Vasyl|Vasil|Vasily|Wassyl|Vassili
6 Ivan|Iwan|Ivane
4 Petro|Petr|Pyotr|Piotr
5 Mykhailo|Mykhaylo|Mikhail|Michail|Mikhaylo
4 Taras|Tarass
5 Bohdan|Bogdan|Bohdane
5 Vitaliy|Vitalii|Vitali|Witali|Vitaly
5 Viktor|Victor|Wiktor
5 Yevhen|Yevgeniy|Evgeniy|Ievgen|Jewgeni|Evgueni|Ievgenii
6 Maksym|Maksim|Maxim|Maxime
5 Artem|Artyom|Artiom|Artjom
4 Denys|Denis|Deniss
4 Roman|Romain
5 Ihor|Igor|Ihor
3 Anatoliy|Anatolii|Anatoli|Anatoly
5 Oleksiy|Oleksii|Olexiy|Alexei|Aleksey|Alexey
3 Pavlo|Pavel|Pawel|Paul
3 Stepan|Stefan|Stepane
3 Yaroslav|Iaroslav|Jaroslaw|Jaroslav
3 Vadym|Vadim|Wadim
3 Ruslan|Rouslan
3 Vladyslav|Vladislav|Wladyslaw|Vladislaw
"""

UKRAINIAN_F = """
8 Olena|Elena|Yelena|Jelena|Olena
7 Oksana|Oxana|Oksanna
7 Iryna|Irina|Irena|Iryna
6 Nataliya|Natalia|Nataliia|Natalya|Natalija
6 Tetiana|Tetyana|Tatiana|Tatyana|Tatjana
5 Svitlana|Svetlana|Swetlana
6 Yuliya|Yulia|Iuliia|Julia|Ioulia
5 Kateryna|Katerina|Ekaterina|Yekaterina
6 Anastasiya|Anastasia|Anastasiia|Anastassia
4 Halyna|Galina|Halina|Galyna
4 Valentyna|Valentina|Walentina
4 Lyudmyla|Liudmyla|Ludmila|Lioudmila|Lyudmila
5 Mariya|Maria|Mariia|Marija
5 Viktoriya|Viktoria|Victoria|Viktoriia
4 Daryna|Darya|Daria|Dariia
4 Alina|Aline|Alyna
3 Khrystyna|Kristina|Khristina|Christina
3 Larysa|Larisa|Larissa
3 Inna|Ina
4 Hanna|Anna|Ganna|Ganna
3 Olha|Olga|Olgha
"""

UKRAINIAN_FAMILY = """
8 Shevchenko
6 Kovalenko
6 Bondarenko
5 Tkachenko
5 Kravchenko
5 Kovalchuk
5 Boyko
5 Melnyk
4 Oliynyk
4 Lysenko
4 Marchenko
4 Rudenko
4 Savchenko
4 Petrenko
3 Moroz
3 Polishchuk
3 Ponomarenko
3 Pavlenko
3 Kuzmenko
3 Tkachuk
3 Kravchuk
3 Koval
3 Shevchuk
3 Levchenko
3 Karpenko
3 Vasylenko
3 Honcharenko
3 Hrytsenko
3 Sydorenko
2 Yatsenko
3 Kharchenko
2 Tymoshenko
3 Yurchenko
3 Klymenko
3 Savchuk
3 Romanenko
2 Zinchenko
2 Hnatyuk
2 Didenko
2 Ostapenko
2 Fedorenko
2 Ivanenko
2 Stepanenko
2 Dovzhenko
2 Symonenko
2 Zhuk
2 Holub
2 Kozak
2 Kravets
2 Hordiyenko
2 Yakovenko
"""

# ---------------------------------------------------------------- Russia (incl. North Caucasus)
RUSSIAN_M = """
8 Aleksandr|Alexander|Alexandr|Alexandre|Aleksander
7 Sergei|Sergey|Serguei|Sergej|Sergueï
7 Dmitry|Dmitri|Dmitriy|Dimitri|Dmitrij
6 Andrei|Andrey|Andrej
6 Alexei|Aleksei|Alexey|Aleksey|Alexej
5 Vladimir|Wladimir|Vladimir
5 Nikolai|Nikolay|Nicolai|Nikolaj
5 Mikhail|Michail|Mikhael|Mikhaïl
5 Ivan|Iwan
5 Yevgeny|Evgeny|Evgeniy|Jewgeni|Evgueni|Yevgeniy
5 Maxim|Maksim|Maksym
4 Pavel|Pawel|Paul
4 Igor|Igor
4 Oleg|Olegh
4 Artyom|Artem|Artiom|Artjom
4 Denis|Deniss
3 Roman|Romain
3 Anton|Antone
3 Kirill|Kiril|Cyrille
3 Ilya|Ilia|Ilja
4 Yuri|Yury|Yuriy|Juri|Iouri
3 Konstantin|Constantin|Konstantine
3 Viktor|Victor|Wiktor
3 Vyacheslav|Viacheslav|Wjatscheslaw|Viatcheslav
4 Ruslan|Rouslan
3 Timur|Temur|Timour
7 Magomed|Magomet|Mahomed|Mohammed|Muhammad
4 Ramzan|Ramazan|Ramadan
4 Adam|Adame
4 Islam|Eslam
4 Akhmed|Ahmed|Achmed|Akhmad|Ahmad
3 Rustam|Roustam|Rustem
3 Aslan|Aslanbek|Aslane
3 Zelimkhan|Selimchan|Zelimhan|Zelimchan
3 Ibragim|Ibrahim|Ibraguim
3 Movsar|Mowsar|Movsur
3 Said-Magomed|Said Magomed|Saidmagomed|Seid-Magomed
"""

RUSSIAN_F = """
6 Elena|Yelena|Jelena|Helena
5 Olga|Olha
5 Tatiana|Tatyana|Tatjana|Tatiana
5 Natalia|Natalya|Nataliya|Natalja
5 Irina|Iryna
4 Svetlana|Swetlana
5 Ekaterina|Yekaterina|Jekaterina|Katerina
4 Anna|Ana
5 Maria|Mariya|Marija
5 Anastasia|Anastasiya|Anastassia|Anastasija
4 Yulia|Julia|Yuliya|Ioulia|Julija
3 Ksenia|Kseniya|Xenia|Ksenija
3 Darya|Daria|Dariya
3 Polina|Paulina
3 Viktoria|Victoria|Viktoriya
3 Lyudmila|Ludmila|Lioudmila|Ljudmila
3 Galina|Galyna
2 Larisa|Larissa
4 Zarema|Sarema|Zaréma
4 Kheda|Heda|Cheda|Khedda
5 Madina|Medina|Madinat
3 Khadizhat|Khadijat|Hadizhat|Chadischat
4 Fatima|Fatimat|Patimat|Fatimah
3 Milana|Milanna
3 Amina|Aminat|Aminah
3 Luiza|Louiza|Luisa
"""

RUSSIAN_FAMILY = """
6 Ivanov
5 Smirnov
5 Kuznetsov
5 Popov
4 Vasilyev
4 Petrov
4 Sokolov
4 Mikhailov
4 Novikov
4 Fyodorov
4 Morozov
4 Volkov
3 Alekseyev
3 Lebedev
3 Semyonov
3 Yegorov
3 Pavlov
3 Kozlov
3 Stepanov
3 Nikolayev
3 Orlov
3 Andreyev
3 Makarov
3 Zakharov
3 Zaitsev
3 Solovyov
3 Borisov
3 Yakovlev
3 Grigoryev
3 Romanov
3 Vorobyov
3 Sergeyev
2 Frolov
2 Aleksandrov
2 Dmitriyev
2 Korolyov
2 Gusev
2 Kiselyov
2 Ilyin
2 Maksimov
2 Polyakov
2 Sorokin
2 Vinogradov
2 Kovalyov
2 Belov
2 Medvedev
2 Zhukov
2 Davydov
2 Belyayev
2 Tikhonov
2 Chernov
2 Shcherbakov
2 Kudryavtsev
2 Yefimov
5 Kadyrov
6 Magomedov
4 Umarov
3 Israilov
3 Basayev
3 Dudayev
3 Musayev
4 Akhmadov
2 Tsarnayev
3 Dzhabrailov
4 Khasanov
4 Aliyev
3 Ibragimov
3 Yandarbiyev
3 Gaziyev
3 Khadzhiyev
"""
