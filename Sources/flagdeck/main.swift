print("flagdeck")
