#!/usr/bin/env python3
"""Regenerates the fixture files of tests/data (see README.md beside this script).

Needs python3 with openpyxl and LibreOffice (soffice) on the PATH:
    apt-get install -y libreoffice-calc && pip install openpyxl
    python3 tests/data/generer-fixtures.py

The learners are invented; the organismes (UAI/SIRET) are the ones of the reference's tests.
The expected verdict of every line is documented in README.md: keep both in step.
"""

import csv
import datetime
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import openpyxl
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))

# Responsable and formateur of the reference's tests (checksums OK).
RESP_UAI, RESP_SIRET = "0755805C", "77568013501139"
FORM_UAI, FORM_SIRET = "0802004U", "77937827200016"

# ---------------------------------------------------------------------------------------------
# effectifs-cp1252.csv and its LibreOffice copies
# ---------------------------------------------------------------------------------------------

# (header, kind) — kind: T text, D date (JJ/MM/AAAA), N number. Mixed spellings on purpose:
# exact field names, French labels, synonyms, and two unknown columns (N° dossier, Classe).
COLUMNS = [
    ("N° dossier", "T"),
    ("Nom", "T"),
    ("Prénom", "T"),
    ("Sexe", "T"),
    ("Date de naissance", "D"),
    ("Adresse", "T"),
    ("Code postal", "T"),
    ("Téléphone", "T"),
    ("Email", "T"),
    ("INE", "T"),
    ("RQTH", "T"),
    ("annee_scolaire", "T"),
    ("Classe", "T"),
    ("Formation", "T"),
    ("Année de formation", "N"),
    ("Code RNCP", "T"),
    ("CFD", "T"),
    ("duree_theorique_formation_mois", "N"),
    ("Date d'inscription", "D"),
    ("Date d'entrée", "D"),
    ("Date de fin de formation", "D"),
    ("UAI responsable", "T"),
    ("SIRET responsable", "T"),
    ("etablissement_formateur_uai", "T"),
    ("SIRET formateur", "T"),
    ("type_cfa", "T"),
    ("Date de début de contrat", "D"),
    ("Date de fin de contrat", "D"),
    ("SIRET employeur", "T"),
    ("Date de rupture", "D"),
    ("Motif de rupture", "T"),
    ("contrat_date_debut_2", "D"),
    ("contrat_date_fin_2", "D"),
    ("siret_employeur_2", "T"),
]


def learner(**values):
    row = {name: "" for name, _ in COLUMNS}
    for key, value in values.items():
        assert key in row, key
        row[key] = value
    return row


def org(resp=(RESP_UAI, RESP_SIRET), form=(FORM_UAI, FORM_SIRET)):
    return {
        "UAI responsable": resp[0],
        "SIRET responsable": resp[1],
        "etablissement_formateur_uai": form[0],
        "SIRET formateur": form[1],
    }


CAP_PAT = {"Formation": "CAP PATISSIER", "Code RNCP": "RNCP37869", "CFD": "50022141", "duree_theorique_formation_mois": "24"}
CAP_CUI = {"Formation": "CAP CUISINE", "Code RNCP": "37859", "CFD": "50022137", "duree_theorique_formation_mois": "24"}
BP_BOUL = {"Formation": "BP BOULANGER", "Code RNCP": "RNCP37843", "CFD": "45022103", "duree_theorique_formation_mois": "24"}
BTS_MCO = {"Formation": "BTS MCO", "Code RNCP": "RNCP38362", "CFD": "32031213", "duree_theorique_formation_mois": "24"}
Y1 = {"annee_scolaire": "2025-2026", "Année de formation": "1", "Date d'entrée": "01/09/2025", "Date de fin de formation": "30/06/2027"}
Y2 = {"annee_scolaire": "2025-2026", "Année de formation": "2", "Date d'entrée": "02/09/2024", "Date de fin de formation": "30/06/2026"}

ROWS = [
    # line 2: valid, contract 1
    learner(**{"N° dossier": "2025-0101", "Nom": "LEFÈVRE", "Prénom": "Hélène", "Sexe": "F", "Date de naissance": "14/03/2007",
               "Adresse": "12 rue de la Fontaine", "Code postal": "01000", "Téléphone": "0612345678",
               "Email": "helene.lefevre@orange.fr", "INE": "1234567890A", "RQTH": "Non", "Classe": "CAP1 PAT A",
               "Date d'inscription": "02/07/2025", "type_cfa": "09", "Date de début de contrat": "01/09/2025",
               "Date de fin de contrat": "31/08/2027", "SIRET employeur": "41287654300015",
               **CAP_PAT, **Y1, **org()}),
    # line 3: valid, 2nd year, contract 1, RNCP without prefix
    learner(**{"N° dossier": "2024-0087", "Nom": "Garçon", "Prénom": "François", "Sexe": "M", "Date de naissance": "22/11/2006",
               "Adresse": "3 allée des Frênes", "Code postal": "80000", "Téléphone": "06 45 12 78 90",
               "Email": "francois.garcon@laposte.net", "RQTH": "Non", "Classe": "CAP2 CUI",
               "Date d'inscription": "17/06/2024", "type_cfa": "09", "Date de début de contrat": "02/09/2024",
               "Date de fin de contrat": "30/06/2026", "SIRET employeur": "52341987600025",
               **CAP_CUI, **Y2, **org()}),
    # line 4: valid, no contract (inscrite sans contrat), address with a ';' (quoted field)
    learner(**{"N° dossier": "2025-0102", "Nom": "Noël", "Prénom": "Gaëlle", "Sexe": "F", "Date de naissance": "05/05/2008",
               "Adresse": "Résidence Les Tilleuls; bât. B, 5 place du Marché", "Code postal": "02100",
               "Téléphone": "0678451236", "Email": "gaelle.noel@gmail.com", "Classe": "CAP1 PAT A",
               "Date d'inscription": "28/08/2025", "type_cfa": "09", **CAP_PAT, **Y1, **org()}),
    # line 5: ERROR impossible date 31/02/2025 in "Date d'inscription"
    learner(**{"N° dossier": "2025-0103", "Nom": "Beaumont", "Prénom": "Côme", "Sexe": "H", "Date de naissance": "30/01/2007",
               "Adresse": "8 chemin des Écoliers", "Code postal": "80090", "Téléphone": "0623457891",
               "Email": "come.beaumont@free.fr", "Classe": "BP1 BOUL",
               "Date d'inscription": "31/02/2025", "type_cfa": "09", "Date de début de contrat": "01/09/2025",
               "Date de fin de contrat": "31/08/2027", "SIRET employeur": "38192765400016",
               **BP_BOUL, **Y1, **org()}),
    # line 6: valid, contract 1 broken (rupture + motif), U+2019 apostrophe in the address (0x92 in cp1252)
    learner(**{"N° dossier": "2025-0104", "Nom": "DUPRÉ", "Prénom": "Chloé", "Sexe": "F", "Date de naissance": "09/12/2005",
               "Adresse": "14 chemin de l\u2019Étang", "Code postal": "60200", "Téléphone": "0756123489",
               "Email": "chloe.dupre@outlook.fr", "RQTH": "Oui", "Classe": "BTS1 MCO",
               "Date d'inscription": "20/06/2025", "type_cfa": "09", "Date de début de contrat": "01/09/2025",
               "Date de fin de contrat": "31/08/2027", "SIRET employeur": "60218345700038",
               "Date de rupture": "15/01/2026", "Motif de rupture": "Démission",
               **BTS_MCO, **Y1, **org(form=(RESP_UAI, RESP_SIRET))}),
    # line 7: valid, contract 1
    learner(**{"N° dossier": "2025-0105", "Nom": "Moreau", "Prénom": "Jérôme", "Sexe": "M", "Date de naissance": "27/07/2006",
               "Adresse": "45 avenue Léon Blum", "Code postal": "93100", "Téléphone": "0687654321",
               "Email": "jerome.moreau@gmail.com", "Classe": "BP1 BOUL",
               "Date d'inscription": "03/07/2025", "type_cfa": "09", "Date de début de contrat": "25/08/2025",
               "Date de fin de contrat": "24/08/2027", "SIRET employeur": "44871209600016",
               **BP_BOUL, **Y1, **org()}),
    # line 8: ERROR bad email (no top-level domain)
    learner(**{"N° dossier": "2025-0106", "Nom": "Martin", "Prénom": "Lucas", "Sexe": "M", "Date de naissance": "18/04/2008",
               "Adresse": "9 rue de l'Église", "Code postal": "80100", "Téléphone": "0661234567",
               "Email": "lucas.martin@gmail", "Classe": "CAP1 CUI",
               "Date d'inscription": "01/09/2025", "type_cfa": "09", "Date de début de contrat": "08/09/2025",
               "Date de fin de contrat": "30/06/2027", "SIRET employeur": "55320798100026",
               **CAP_CUI, **Y1, **org()}),
    # line 9: valid, no contract, code postal 08000
    learner(**{"N° dossier": "2025-0107", "Nom": "Deschênes", "Prénom": "Anaïs", "Sexe": "F", "Date de naissance": "02/02/2008",
               "Adresse": "2 impasse des Châtaigniers", "Code postal": "08000",
               "Email": "anais.deschenes@sfr.fr", "Classe": "CAP1 PAT B",
               "Date d'inscription": "29/08/2025", **CAP_PAT, **Y1, **org()}),
    # line 10: valid, contract 1 broken then contract 2; œ in the address (0x9C in cp1252)
    learner(**{"N° dossier": "2025-0108", "Nom": "PETIT", "Prénom": "Noé", "Sexe": "M", "Date de naissance": "11/10/2006",
               "Adresse": "27 rue du Sacré-Cœur", "Code postal": "75019", "Téléphone": "0601020304",
               "Email": "noe.petit@yahoo.fr", "Classe": "CAP1 CUI",
               "Date d'inscription": "24/06/2025", "type_cfa": "09", "Date de début de contrat": "01/09/2025",
               "Date de fin de contrat": "31/08/2027", "SIRET employeur": "39045612800011",
               "Date de rupture": "28/11/2025", "Motif de rupture": "Rupture d'un commun accord",
               "contrat_date_debut_2": "05/01/2026", "contrat_date_fin_2": "31/08/2027",
               "siret_employeur_2": "47102938500047", **CAP_CUI, **Y1, **org()}),
    # line 11: ERROR SIRET formateur with 13 digits (last digit dropped)
    learner(**{"N° dossier": "2025-0109", "Nom": "Rousseau", "Prénom": "Inès", "Sexe": "F", "Date de naissance": "23/08/2007",
               "Adresse": "5 place du Marché", "Code postal": "92130", "Téléphone": "0645781236",
               "Email": "ines.rousseau@orange.fr", "Classe": "CAP1 PAT B",
               "Date d'inscription": "29/08/2025", "type_cfa": "09",
               **CAP_PAT, **Y1, **org(form=(FORM_UAI, "7793782720001"))}),
    # line 12: valid, no contract, 2nd year
    learner(**{"N° dossier": "2024-0112", "Nom": "Faure", "Prénom": "Zoé", "Sexe": "2", "Date de naissance": "16/06/2006",
               "Adresse": "64 bis, route de Paris", "Code postal": "80000", "Téléphone": "+33612345678",
               "Email": "zoe.faure@gmail.com", "Classe": "CAP2 CUI",
               "Date d'inscription": "12/07/2024", "type_cfa": "09", **CAP_CUI, **Y2, **org()}),
    # line 13: ERROR contract with a fin and an employer but no début
    learner(**{"N° dossier": "2025-0110", "Nom": "Girard", "Prénom": "Maxime", "Sexe": "M", "Date de naissance": "04/09/2007",
               "Adresse": "14 boulevard Jean-Jaurès", "Code postal": "01100", "Téléphone": "0698123456",
               "Email": "maxime.girard@free.fr", "Classe": "BP1 BOUL",
               "Date d'inscription": "30/06/2025", "type_cfa": "09",
               "Date de fin de contrat": "31/08/2027", "SIRET employeur": "41287654300015",
               **BP_BOUL, **Y1, **org()}),
]


def write_cp1252_csv(path):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in COLUMNS])
    for row in ROWS:
        writer.writerow([row[name] for name, _ in COLUMNS])
    with open(path, "wb") as file:
        file.write(buffer.getvalue().encode("cp1252"))


def libreoffice_copies(csv_path):
    # CSV filter options: separator ';' (59), quote '"' (34), charset 1 = Windows-1252, start at
    # line 1, then token 5 = column formats "column/format" (1 standard, 2 text, 4 date JJ/MM/AA),
    # token 6 = language 1036 (fr-FR).
    kinds = {"T": 2, "D": 4, "N": 1}
    formats = "/".join(f"{index}/{kinds[kind]}" for index, (_, kind) in enumerate(COLUMNS, start=1))
    options = f"CSV:59,34,1,1,{formats},1036"
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "effectifs.csv")
        shutil.copy(csv_path, source)
        profile = "file://" + os.path.join(work, "profile")
        for target, extension in [("xlsx", "xlsx"), ("xls:MS Excel 97", "xls"), ("ods", "ods")]:
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", f"--infilter={options}",
                 "--convert-to", target, "--outdir", work, source],
                check=True, stdout=subprocess.DEVNULL,
            )
            shutil.copy(os.path.join(work, f"effectifs.{extension}"), os.path.join(HERE, f"effectifs.{extension}"))


# ---------------------------------------------------------------------------------------------
# entete-ligne-3.xlsx
# ---------------------------------------------------------------------------------------------

def write_header_on_row_3(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Effectifs"
    sheet["A1"] = "Effectifs 2025-2026 — CFA des Métiers"
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [
        "nom_apprenant *", "prenom_apprenant *", "date_de_naissance_apprenant *", "sexe_apprenant *",
        "email_contact *", "adresse_apprenant *", "code_postal_apprenant *",
        "etablissement_responsable_uai *", "etablissement_responsable_siret *",
        "etablissement_formateur_uai *", "etablissement_formateur_siret *",
        "annee_scolaire *", "annee_formation *", "formation_rncp *",
        "date_inscription_formation *", "date_entree_formation *", "date_fin_formation *",
        "duree_theorique_formation_mois *", "contrat_date_debut **", "contrat_date_fin **", "siret_employeur **",
        "formation_presentielle",
    ]
    d = datetime.datetime
    rows = [
        # line 4: valid
        ["Lenôtre", "Élodie", d(2007, 10, 28), "F", "elodie.lenotre@gmail.com", "7 rue Gambetta", "01000",
         RESP_UAI, RESP_SIRET, FORM_UAI, FORM_SIRET, "2025-2026", 1, "RNCP37869",
         d(2025, 7, 1), d(2025, 9, 1), d(2027, 6, 30), 24, d(2025, 9, 1), d(2027, 8, 31), "41287654300015", True],
        # line 5: ERROR date_fin_formation before date_entree_formation
        ["Brûlé", "Maël", d(2006, 3, 3), "M", "mael.brule@orange.fr", "18 rue Victor Hugo", "80000",
         RESP_UAI, RESP_SIRET, FORM_UAI, FORM_SIRET, "2025-2026", 1, "RNCP37859",
         d(2025, 6, 20), d(2025, 9, 1), d(2025, 6, 30), 24, None, None, None, True],
        # line 6: valid, no contract
        ["Dubœuf", "Léonie", d(2008, 1, 15), "F", "leonie.duboeuf@free.fr", "3 place de la Mairie", "02100",
         RESP_UAI, RESP_SIRET, FORM_UAI, FORM_SIRET, "2025-2026", 1, "RNCP37869",
         d(2025, 9, 3), d(2025, 9, 8), d(2027, 6, 30), 24, None, None, None, False],
    ]
    date_columns = {3, 15, 16, 17, 19, 20}  # 1-based
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=3, column=column, value=header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(header) + 2)
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=4 + offset, column=column, value=value)
            if column in date_columns:
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, str):
                cell.number_format = "@"
    workbook.properties.creator = "effectifs fixtures"
    fixed = d(2025, 9, 15)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.save(path)


# ---------------------------------------------------------------------------------------------
# lignes-vides.csv
# ---------------------------------------------------------------------------------------------

def write_blank_lines_csv(path):
    headers = [
        "nom_apprenant *", "prenom_apprenant *", "date_de_naissance_apprenant *", "sexe_apprenant *",
        "email_contact *", "adresse_apprenant *", "code_postal_apprenant *", "annee_scolaire *",
        "annee_formation *", "date_inscription_formation *", "date_entree_formation *",
        "date_fin_formation *", "etablissement_responsable_uai *", "etablissement_responsable_siret *",
        "etablissement_formateur_uai *", "etablissement_formateur_siret *",
    ]
    org_values = [RESP_UAI, RESP_SIRET, FORM_UAI, FORM_SIRET]
    learners = {
        # line 2: valid
        2: ["Wiśniewski", "Łukasz", "2007-05-12", "M", "lukasz.wisniewski@gmail.com", "64 bis, route de Paris", "01000",
            "2025-2026", "1", "2025-07-04", "2025-09-01", "2027-06-30", *org_values],
        # line 4: valid
        4: ["Müller", "Chloë", "12/02/2008", "F", "chloe.muller@orange.fr", "3 rue de la Paix", "80000",
            "2025-2026", "1", "2025-09-02", "2025-09-08", "2027-06-30", *org_values],
        # line 7: ERROR sexe "X"
        7: ["Nguyễn", "Thảo", "2006-11-30", "X", "thao.nguyen@free.fr", "11 quai de la Somme", "80000",
            "2025-2026", "2", "2024-06-28", "2024-09-02", "2026-06-30", *org_values],
        # line 9: valid
        9: ["Ferré", "Jules", "2007-01-09", "H", "jules.ferre@laposte.net", "1 place Gambetta", "02100",
            "2025-2026", "1", "2025-06-30", "2025-09-01", "2027-06-30", *org_values],
    }
    lines = []
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow(headers)
    lines.append(buffer.getvalue().rstrip("\n"))
    for number in range(2, 11):
        if number in learners:
            buffer = io.StringIO(newline="")
            csv.writer(buffer, delimiter=",", lineterminator="\n").writerow(learners[number])
            lines.append(buffer.getvalue().rstrip("\n"))
        elif number == 6:
            lines.append("," * (len(headers) - 1))  # only separators: no content, skipped
        elif number == 8:
            lines.append("   ")  # blanks only: skipped
        else:
            lines.append("")
    with open(path, "wb") as file:
        file.write(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# export-erp.csv and its recipe export-erp.recette.json
# ---------------------------------------------------------------------------------------------

ERP_HEADERS = [
    "Matricule", "Nom", "Prénom", "Sexe", "Né(e) le", "Adresse", "Code postal", "Ville", "Téléphone", "Email",
    "Groupe", "Formation", "Année de formation", "Code RNCP", "Date d'inscription", "Date d'entrée",
    "Date de fin de formation", "Date de début de contrat", "Date de fin de contrat", "SIRET employeur",
]

# (nom, prénom, sexe, naissance, adresse, code postal, ville, téléphone, groupe, année, contrat?)
ERP_LEARNERS = [
    ("MARTIN", "Léa", "Femme", "12/03/2007", "4 rue des Lilas", "80000", "Amiens", "06 12 34 56 78", "CAP1 PAT", 1, True),
    ("BERNARD", "Hugo", "Homme", "05/11/2006", "18 avenue Foch", "80090", "Amiens", "0645127890", "CAP2 CUI", 2, True),
    ("THOMAS", "Chloé", "Femme", "23/07/2007", "2 impasse du Moulin", "80100", "Abbeville", "0623457891", "CAP1 PAT", 1, True),
    ("PETIT", "Nathan", "Homme", "14/02/2007", "9 place Gambetta", "80000", "Amiens", "", "BP1 BOUL", 1, False),
    ("ROBERT", "Manon", "Femme", "30/09/2006", "11 quai de la Somme", "80000", "Amiens", "0756123489", "CAP2 CUI", 2, True),
    ("RICHARD", "Lucas", "Homme", "08/01/2007", "27 rue du Sacré-Cœur", "02100", "Saint-Quentin", "0678451236", "CAP1 PAT", 1, True),
    ("DURAND", "Inès", "Femme", "17/06/2007", "5 chemin de l’Étang", "80300", "Albert", "0612457889", "BP1 BOUL", 1, True),
    ("DUBOIS", "Théo", "Homme", "31/04/2006", "3 allée des Frênes", "80000", "Amiens", "0645781236", "CAP2 CUI", 2, True),
    ("MOREAU", "Jade", "Femme ", "22/12/2006", "1 rue Jean Jaurès", "60000", "Beauvais", "0689451273", "CAP1 PAT", 1, True),
    ("LAURENT", "Louis", "Homme", "03/03/2007", "64 bis, route de Paris", "80000", "Amiens", "", "BP1 BOUL", 1, False),
    ("SIMON", "Camille", "Femme", "19/08/2007", "7 rue Victor Hugo", "80080", "Amiens", "0611223344", "CAP1 PAT", 1, True),
    ("MICHEL", "Gabriel", "Homme", "25/05/2006", "15 boulevard Carnot", "80000", "Amiens", "0622334455", "CAP2 CUI", 2, True),
    ("LEFEBVRE", "Zoé", "Femme", "11/10/2007", "8 rue de la Paix", "80 090", "Amiens", "0633445566", "CAP1 PAT", 1, True),
    ("LEROY", "Arthur", "Homme", "02/02/2007", "21 rue Gresset", "80000", "Amiens", "0644556677", "BP1 BOUL", 1, True),
    ("ROUX", "Louise", "Femme", "28/11/2006", "6 rue des Jacobins", "80000", "Amiens", "0655667788", "CAP2 CUI", 2, True),
    ("DAVID", "Jules", "Homme", "16/04/2007", "10 rue Saint-Leu", "80000", "Amiens", "0666778899", "CAP1 PAT", 1, True),
    ("BERTRAND", "Alice", "Femme", "09/09/2007", "3 rue Delambre", "80000", "Amiens", "0677889900", "BP1 BOUL", 1, False),
    ("MOREL", "Raphaël", "Homme", "13/07/2006", "12 rue des Trois Cailloux", "80000", "Amiens", "0688990011", "CAP2 CUI", 2, True),
    ("FOURNIER", "Rose", "Femme", "04/06/2007", "19 rue de Noyon", "80000", "Amiens", "0699001122", "CAP1 PAT", 1, True),
    ("GIRARD", "Adam", "Homme", "21/01/2007", "2 rue Lamarck", "80000", "Amiens", "0610203040", "BP1 BOUL", 1, True),
]

ERP_FORMATIONS = {
    "CAP1 PAT": ("CAP PATISSIER", "RNCP37869", "01/09/2025", "30/06/2027", "02/07/2025"),
    "CAP2 CUI": ("CAP CUISINE", "RNCP37859", "02/09/2024", "30/06/2026", "17/06/2024"),
    "BP1 BOUL": ("BP BOULANGER", "RNCP37305", "01/09/2025", "30/06/2027", "28/08/2025"),
}

ERP_RECIPE = """{
  "version": 1,
  "columns": { "Matricule": "id_erp_apprenant", "Groupe": null },
  "values": {
    "annee_scolaire": "2025-2026",
    "etablissement_responsable_uai": "0755805C",
    "etablissement_responsable_siret": "77568013501139",
    "etablissement_formateur_uai": "0802004U",
    "etablissement_formateur_siret": "77937827200016"
  },
  "replace": {
    "sexe_apprenant": [ { "from": "Homme", "to": "M" }, { "from": "Femme", "to": "F" } ]
  }
}
"""


def write_erp_export(path, recipe_path):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(ERP_HEADERS)
    for number, learner in enumerate(ERP_LEARNERS, start=1):
        nom, prenom, sexe, naissance, adresse, code_postal, ville, telephone, groupe, annee, contrat = learner
        formation, rncp, entree, fin, inscription = ERP_FORMATIONS[groupe]
        email = f"{prenom.lower()}.{nom.lower()}@exemple.fr".translate(str.maketrans("éèëœ", "eeeo"))
        writer.writerow([
            f"A25-{number:04d}", nom, prenom, sexe, naissance, adresse, code_postal, ville, telephone, email, groupe,
            formation, annee, rncp, inscription, entree, fin,
            entree if contrat else "", fin if contrat else "", "52341987600025" if contrat else "",
        ])
    with open(path, "wb") as file:
        file.write(buffer.getvalue().encode("cp1252"))
    with open(recipe_path, "w", encoding="utf-8", newline="\n") as file:
        file.write(ERP_RECIPE)


# ---------------------------------------------------------------------------------------------
# pas-un-tableur.xlsx (a PNG), vide.csv (0 bytes), modele-officiel.xlsx (copy)
# ---------------------------------------------------------------------------------------------

def write_png(path, size=16):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([200, 30, 30] * size) for _ in range(size))
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as file:
        file.write(png)


def main():
    csv_path = os.path.join(HERE, "effectifs-cp1252.csv")
    write_cp1252_csv(csv_path)
    libreoffice_copies(csv_path)
    write_header_on_row_3(os.path.join(HERE, "entete-ligne-3.xlsx"))
    write_blank_lines_csv(os.path.join(HERE, "lignes-vides.csv"))
    write_erp_export(os.path.join(HERE, "export-erp.csv"), os.path.join(HERE, "export-erp.recette.json"))
    write_png(os.path.join(HERE, "pas-un-tableur.xlsx"))
    open(os.path.join(HERE, "vide.csv"), "wb").close()
    # modele-officiel.xlsx is the platform's own template, kept as it was published (never regenerated here);
    # pass a newer copy of it as the first argument to replace it.
    if len(sys.argv) > 1:
        shutil.copy(sys.argv[1], os.path.join(HERE, "modele-officiel.xlsx"))


if __name__ == "__main__":
    main()
